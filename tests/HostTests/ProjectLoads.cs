using Xunit;

namespace NanoStack.HostTests
{
    public class ProjectLoads
    {
        [Fact]
        public void PortableStackAssemblyLoadsOnHost()
        {
            Assert.Equal("NanoStack", typeof(NanoStack.Phy.ILinkDevice).Assembly.GetName().Name);
        }
    }
}

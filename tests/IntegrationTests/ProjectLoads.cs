using Xunit;

namespace NanoStack.IntegrationTests
{
    public class ProjectLoads
    {
        [Fact]
        public void StackAssemblyIsReachableFromIntegrationTests()
        {
            Assert.Equal("NanoStack", typeof(NanoStack.Phy.ILinkDevice).Assembly.GetName().Name);
        }
    }
}

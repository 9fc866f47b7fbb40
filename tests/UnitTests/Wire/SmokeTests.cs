using nanoFramework.TestFramework;

namespace NanoStack.Tests.Wire
{
    [TestClass]
    public class SmokeTests
    {
        [TestMethod]
        public void AdapterRunsPortableTests()
        {
            Assert.AreEqual(4, 2 + 2);
        }

        [TestMethod]
        [DataRow(1, 2, 3)]
        [DataRow(5, 5, 10)]
        public void DataRowsBecomeSeparateCases(int a, int b, int sum)
        {
            Assert.AreEqual(sum, a + b);
        }
    }
}

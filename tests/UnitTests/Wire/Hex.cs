namespace NanoStack.Tests.Wire
{
    /// <summary>Hex string to bytes for test vectors (no Convert.FromHexString on nanoFramework).</summary>
    public static class Hex
    {
        public static byte[] Parse(string hex)
        {
            byte[] result = new byte[hex.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }
            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            return c - 'A' + 10;
        }
    }
}

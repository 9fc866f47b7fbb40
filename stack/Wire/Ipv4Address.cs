namespace NanoStack.Wire
{
    /// <summary>
    /// IPv4 addresses are plain <c>uint</c>s in host order (192.0.2.1 == 0xC0000201) everywhere in nanoStack;
    /// this class holds the constants, classification, parsing and formatting (System.Net is not available).
    /// </summary>
    public static class Ipv4Address
    {
        public const uint Any = 0;
        public const uint Broadcast = 0xFFFFFFFF;

        /// <summary>224.0.0.1, all-hosts (RFC 1112 §4): every host is a member.</summary>
        public const uint AllHosts = 0xE0000001;

        public static uint FromBytes(int a, int b, int c, int d)
        {
            return ((uint)(a & 0xFF) << 24) | ((uint)(b & 0xFF) << 16) | ((uint)(c & 0xFF) << 8) | (uint)(d & 0xFF);
        }

        /// <summary>224.0.0.0/4 (RFC 5771).</summary>
        public static bool IsMulticast(uint address)
        {
            return (address & 0xF0000000) == 0xE0000000;
        }

        /// <summary>127.0.0.0/8 (RFC 1122 §3.2.1.3(g)): must never appear on a wire.</summary>
        public static bool IsLoopback(uint address)
        {
            return (address & 0xFF000000) == 0x7F000000;
        }

        /// <summary>Class E 240.0.0.0/4 (reserved), including the limited broadcast.</summary>
        public static bool IsReserved(uint address)
        {
            return (address & 0xF0000000) == 0xF0000000;
        }

        /// <summary>The subnet's directed broadcast (RFC 919/922): host bits all ones.</summary>
        public static bool IsDirectedBroadcast(uint address, uint localAddress, uint netmask)
        {
            return netmask != 0 && netmask != 0xFFFFFFFF && ((address ^ localAddress) & netmask) == 0
                && (address | netmask) == 0xFFFFFFFF;
        }

        public static bool IsInSubnet(uint address, uint localAddress, uint netmask)
        {
            return ((address ^ localAddress) & netmask) == 0;
        }

        /// <summary>Parses dotted decimal "a.b.c.d" (each 0..255, no leading '+', no spaces).</summary>
        public static bool TryParse(string text, out uint address)
        {
            address = 0;
            if (text == null)
            {
                return false;
            }
            int n = text.Length;
            int part = 0;
            int value = 0;
            int digits = 0;
            uint result = 0;
            for (int i = 0; i <= n; i++)
            {
                char c = i < n ? text[i] : '.';
                if (c >= '0' && c <= '9')
                {
                    value = value * 10 + (c - '0');
                    digits++;
                    if (digits > 3 || value > 255)
                    {
                        return false;
                    }
                }
                else if (c == '.')
                {
                    if (digits == 0 || part == 4)
                    {
                        return false;
                    }
                    result = (result << 8) | (uint)value;
                    part++;
                    value = 0;
                    digits = 0;
                }
                else
                {
                    return false;
                }
            }
            if (part != 4)
            {
                return false;
            }
            address = result;
            return true;
        }

        /// <summary>Parses or throws <see cref="System.ArgumentException"/> (configuration code, not receive paths).</summary>
        public static uint Parse(string text)
        {
            uint address;
            if (!TryParse(text, out address))
            {
                throw new System.ArgumentException("not an IPv4 address: " + text);
            }
            return address;
        }

        /// <summary>Dotted decimal. Allocates: for logs and UIs, not for packet paths.</summary>
        public static string Format(uint address)
        {
            return ((byte)(address >> 24)).ToString() + "." + ((byte)(address >> 16)).ToString() + "."
                + ((byte)(address >> 8)).ToString() + "." + ((byte)address).ToString();
        }
    }
}

using NanoStack.Wire;

namespace NanoStack.Sockets.Mdns
{
    /// <summary>
    /// Our records in wire form: the host name (A), the DNS-SD service type and instance (PTR, SRV, TXT) and the
    /// service enumeration name (RFC 6763 §9). Names are rebuilt (at start-up and on a conflict rename, RFC 6762
    /// §9) into buffers allocated once; writers append one record to a message and return the next position.
    /// Names are written uncompressed: our messages are small and this keeps every writer independent.
    /// </summary>
    public sealed class MdnsRecords
    {
        public const int RecordA = 1, RecordServicesPtr = 2, RecordPtr = 4, RecordSrv = 8, RecordTxt = 16;

        private static readonly byte[] Local = new byte[] { 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0 };

        private readonly byte[] _baseLabel;
        private readonly byte[] _txt;
        private readonly int _txtLength;
        private readonly ushort _port;
        private readonly uint _hostTtl;
        private readonly uint _otherTtl;

        // Each name is sized by need at start-up (a MaxLength array each would be 4 × 276 B of device heap): the label
        // plus room for the longest rename suffix "-999" (RFC 6762 §9), then the rest of the name.
        private const int SuffixRoom = 4;
        private const string ServicesNameText = "_services._dns-sd._udp.local";

        public readonly byte[] HostName;
        public readonly byte[] InstanceName;
        public readonly byte[] ServiceType;
        public readonly byte[] ServicesName;
        public int HostNameLength { get; private set; }
        public int InstanceNameLength { get; private set; }
        public int ServiceTypeLength { get; private set; }
        public int ServicesNameLength { get; private set; }
        public bool HasService { get; private set; }

        /// <summary>0 = the configured name, n ≥ 2 = "name-n".</summary>
        public int Suffix { get; private set; }

        public MdnsRecords(MdnsConfig config)
        {
            config.Validate();
            _baseLabel = Ascii(config.HostName);
            _port = config.ServicePort;
            _hostTtl = config.HostTtl;
            _otherTtl = config.OtherTtl;
            // TXT rdata: length-prefixed strings (RFC 1035 §3.3.14); none = one empty string (RFC 6763 §6.1).
            int txtBytes = 0;
            if (config.Txt != null)
            {
                for (int i = 0; i < config.Txt.Length; i++)
                {
                    string s = config.Txt[i];
                    if (s == null || s.Length > 63 || txtBytes + 1 + s.Length > 255) throw new System.ArgumentException("MdnsConfig.Txt");
                    txtBytes += 1 + s.Length;
                }
            }
            _txt = new byte[txtBytes == 0 ? 1 : txtBytes];
            int t = 0;
            if (config.Txt != null)
            {
                for (int i = 0; i < config.Txt.Length; i++)
                {
                    string s = config.Txt[i];
                    _txt[t++] = (byte)s.Length;
                    for (int j = 0; j < s.Length; j++) _txt[t++] = (byte)s[j];
                }
            }
            if (t == 0) _txt[t++] = 0;
            _txtLength = t;
            // A dotted name "a.b.local" encodes as its text + 2 bytes (a length byte per label, the root's 0).
            ServicesName = new byte[ServicesNameText.Length + 2];
            ServicesNameLength = DnsName.Encode(ServicesNameText, ServicesName, 0);
            HasService = config.ServiceType != null;
            ServiceType = new byte[HasService ? config.ServiceType.Length + 6 + 2 : 0];
            if (HasService)
            {
                ServiceTypeLength = DnsName.Encode(config.ServiceType + ".local", ServiceType, 0);
                if (ServiceTypeLength < 0) throw new System.ArgumentException("MdnsConfig.ServiceType");
            }
            int label = 1 + _baseLabel.Length + SuffixRoom;
            HostName = new byte[label + Local.Length];
            InstanceName = new byte[HasService ? label + ServiceTypeLength : 0];
            Rename(0);
        }

        /// <summary>Rebuilds host and instance names with suffix n ("nanostack-n"); 0 = no suffix.</summary>
        public void Rename(int suffix)
        {
            Suffix = suffix;
            int label = WriteLabel(HostName, 0, suffix);
            System.Array.Copy(Local, 0, HostName, label, Local.Length);
            HostNameLength = label + Local.Length;
            if (HasService)
            {
                label = WriteLabel(InstanceName, 0, suffix);
                System.Array.Copy(ServiceType, 0, InstanceName, label, ServiceTypeLength);
                InstanceNameLength = label + ServiceTypeLength;
            }
        }

        /// <summary>Writes the length-prefixed label "base" or "base-n" at b[p..]; returns its length.</summary>
        private int WriteLabel(byte[] b, int p, int suffix)
        {
            int w = p + 1;
            System.Array.Copy(_baseLabel, 0, b, w, _baseLabel.Length);
            w += _baseLabel.Length;
            if (suffix > 0)
            {
                b[w++] = (byte)'-';
                int digits = suffix >= 100 ? 3 : suffix >= 10 ? 2 : 1;
                for (int i = digits - 1; i >= 0; i--)
                {
                    b[w + i] = (byte)('0' + suffix % 10);
                    suffix /= 10;
                }
                w += digits;
            }
            b[p] = (byte)(w - p - 1);
            return w - p;
        }

        private static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++) b[i] = (byte)s[i];
            return b;
        }

        // ---- record writers ---------------------------------------------------------------------------------
        // ttlCap: RFC 6762 §6.7 legacy unicast answers carry TTL ≤ 10 s; 0 = no cap. cacheFlush: §10.2, set on
        // our unique records (A, SRV, TXT) in multicast responses, never in legacy unicast ones.

        public int WriteA(byte[] b, int p, uint address, bool cacheFlush, uint ttlCap)
        {
            p = DnsPacket.EmitName(b, p, HostName, 0, HostNameLength);
            p = DnsPacket.EmitRecordTail(b, p, DnsConst.TypeA, Class(cacheFlush), Ttl(_hostTtl, ttlCap), 4);
            return DnsPacket.EmitUInt32(b, p, address);
        }

        public int WriteServicePtr(byte[] b, int p, uint ttlCap)
        {
            p = DnsPacket.EmitName(b, p, ServiceType, 0, ServiceTypeLength);
            p = DnsPacket.EmitRecordTail(b, p, DnsConst.TypePtr, DnsConst.ClassIn, Ttl(_otherTtl, ttlCap), InstanceNameLength);
            return DnsPacket.EmitName(b, p, InstanceName, 0, InstanceNameLength);
        }

        public int WriteServicesPtr(byte[] b, int p, uint ttlCap)
        {
            p = DnsPacket.EmitName(b, p, ServicesName, 0, ServicesNameLength);
            p = DnsPacket.EmitRecordTail(b, p, DnsConst.TypePtr, DnsConst.ClassIn, Ttl(_otherTtl, ttlCap), ServiceTypeLength);
            return DnsPacket.EmitName(b, p, ServiceType, 0, ServiceTypeLength);
        }

        public int WriteSrv(byte[] b, int p, bool cacheFlush, uint ttlCap)
        {
            // RFC 2782: priority, weight, port, target.
            p = DnsPacket.EmitName(b, p, InstanceName, 0, InstanceNameLength);
            p = DnsPacket.EmitRecordTail(b, p, DnsConst.TypeSrv, Class(cacheFlush), Ttl(_hostTtl, ttlCap), 6 + HostNameLength);
            p = DnsPacket.EmitUInt16(b, p, 0);
            p = DnsPacket.EmitUInt16(b, p, 0);
            p = DnsPacket.EmitUInt16(b, p, _port);
            return DnsPacket.EmitName(b, p, HostName, 0, HostNameLength);
        }

        public int WriteTxt(byte[] b, int p, bool cacheFlush, uint ttlCap)
        {
            p = DnsPacket.EmitName(b, p, InstanceName, 0, InstanceNameLength);
            p = DnsPacket.EmitRecordTail(b, p, DnsConst.TypeTxt, Class(cacheFlush), Ttl(_otherTtl, ttlCap), _txtLength);
            System.Array.Copy(_txt, 0, b, p, _txtLength);
            return p + _txtLength;
        }

        /// <summary>Writes every record in the set <paramref name="records"/> (RecordA | RecordSrv ...); counts them.</summary>
        public int WriteSet(byte[] b, int p, int records, uint address, bool cacheFlush, uint ttlCap, ref int count)
        {
            if ((records & RecordA) != 0) { p = WriteA(b, p, address, cacheFlush, ttlCap); count++; }
            if (!HasService) return p;
            if ((records & RecordServicesPtr) != 0) { p = WriteServicesPtr(b, p, ttlCap); count++; }
            if ((records & RecordPtr) != 0) { p = WriteServicePtr(b, p, ttlCap); count++; }
            if ((records & RecordSrv) != 0) { p = WriteSrv(b, p, cacheFlush, ttlCap); count++; }
            if ((records & RecordTxt) != 0) { p = WriteTxt(b, p, cacheFlush, ttlCap); count++; }
            return p;
        }

        /// <summary>Upper bound of the bytes <see cref="WriteSet"/> needs for every record.</summary>
        public int MaxSetBytes
        {
            get { return 5 * 10 + 3 * DnsName.MaxLength + 4 + 2 * ServiceTypeLength + 2 * InstanceNameLength + 6 + _txtLength + ServicesNameLength; }
        }

        /// <summary>Bytes of the name and TXT arrays (sized by need at start-up), for the static RAM report.</summary>
        public int StaticBytes
        {
            get { return HostName.Length + InstanceName.Length + ServiceType.Length + ServicesName.Length + _txt.Length; }
        }

        private static ushort Class(bool cacheFlush)
        {
            return (ushort)(cacheFlush ? DnsConst.ClassIn | DnsConst.ClassTopBit : DnsConst.ClassIn);
        }

        private static uint Ttl(uint ttl, uint cap)
        {
            return cap != 0 && ttl > cap ? cap : ttl;
        }
    }
}

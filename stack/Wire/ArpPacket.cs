namespace NanoStack.Wire
{
    /// <summary>
    /// ARP packet view (RFC 826). The fixed positions assume Ethernet/IPv4 (hardware length 6, protocol
    /// length 4), which <see cref="IsEthernetIpv4"/> tells; <see cref="Parse"/> only guarantees the 28 bytes.
    /// </summary>
    public sealed class ArpPacket : PacketView
    {
        public const int PacketLength = 28;
        public const ushort OperationRequest = 1;
        public const ushort OperationReply = 2;
        public const ushort HardwareEthernet = 1;

        public WireError Parse(byte[] buffer, int offset, int length)
        {
            return Bind(buffer, offset, length, PacketLength);
        }

        public ushort HardwareType { get { return NetworkEndian.ReadUInt16(Buffer, Offset); } }
        public ushort ProtocolType { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 2); } }
        public byte HardwareLength { get { return Buffer[Offset + 4]; } }
        public byte ProtocolLength { get { return Buffer[Offset + 5]; } }
        public ushort Operation { get { return NetworkEndian.ReadUInt16(Buffer, Offset + 6); } }
        public int SenderHardwareOffset { get { return Offset + 8; } }
        public uint SenderProtocolAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 14); } }
        public int TargetHardwareOffset { get { return Offset + 18; } }
        public uint TargetProtocolAddress { get { return NetworkEndian.ReadUInt32(Buffer, Offset + 24); } }

        public bool IsEthernetIpv4
        {
            get
            {
                return HardwareType == HardwareEthernet && ProtocolType == EthernetFrame.EtherTypeIpv4
                    && HardwareLength == 6 && ProtocolLength == 4;
            }
        }

        /// <summary>Writes a 28-byte Ethernet/IPv4 ARP packet. A null target hardware address writes zeros (requests).</summary>
        public static void Emit(byte[] buffer, int offset, ushort operation, byte[] senderMac, int senderMacOffset,
            uint senderAddress, byte[] targetMac, int targetMacOffset, uint targetAddress)
        {
            NetworkEndian.WriteUInt16(buffer, offset, HardwareEthernet);
            NetworkEndian.WriteUInt16(buffer, offset + 2, EthernetFrame.EtherTypeIpv4);
            buffer[offset + 4] = 6;
            buffer[offset + 5] = 4;
            NetworkEndian.WriteUInt16(buffer, offset + 6, operation);
            System.Array.Copy(senderMac, senderMacOffset, buffer, offset + 8, 6);
            NetworkEndian.WriteUInt32(buffer, offset + 14, senderAddress);
            if (targetMac == null)
            {
                System.Array.Clear(buffer, offset + 18, 6);
            }
            else
            {
                System.Array.Copy(targetMac, targetMacOffset, buffer, offset + 18, 6);
            }
            NetworkEndian.WriteUInt32(buffer, offset + 24, targetAddress);
        }
    }
}

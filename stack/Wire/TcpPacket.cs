namespace NanoStack.Wire
{
    /// <summary>TCP control bits (RFC 9293 §3.1).</summary>
    public static class TcpFlags
    {
        public const byte Fin = 0x01;
        public const byte Syn = 0x02;
        public const byte Rst = 0x04;
        public const byte Psh = 0x08;
        public const byte Ack = 0x10;
        public const byte Urg = 0x20;
    }

    /// <summary>
    /// A checked TCP segment header (RFC 9293 §3.1) as a plain value: unlike the <see cref="PacketView"/> views,
    /// <see cref="TryParse"/> validates every length once and copies the header fields out (the socket's receive
    /// steps pass it on by reference, reading fields many times); after that nothing can fail. <see cref="Emit"/>
    /// writes a header.
    /// Options understood: End, NOP, MSS (kind 2). Others are skipped by length.
    /// </summary>
    public struct TcpPacket
    {
        public const int HeaderLength = 20;
        public const int MssOptionLength = 4;
        public const int ProtocolNumber = 6;

        public ushort SourcePort;
        public ushort DestinationPort;
        public uint SequenceNumber;
        public uint AckNumber;
        public int DataOffsetBytes;
        public byte Flags;
        public ushort Window;
        /// <summary>MSS option value, 0 when absent.</summary>
        public ushort MaxSegmentSize;
        /// <summary>Absolute offset of the payload in the parsed buffer.</summary>
        public int PayloadOffset;
        public int PayloadLength;

        public bool Syn { get { return (Flags & TcpFlags.Syn) != 0; } }
        public bool Ack { get { return (Flags & TcpFlags.Ack) != 0; } }
        public bool Fin { get { return (Flags & TcpFlags.Fin) != 0; } }
        public bool Rst { get { return (Flags & TcpFlags.Rst) != 0; } }
        public bool Psh { get { return (Flags & TcpFlags.Psh) != 0; } }

        /// <summary>Sequence space the segment occupies: payload + SYN + FIN (RFC 9293 §3.4).</summary>
        public int SegmentLength
        {
            get { return PayloadLength + (Syn ? 1 : 0) + (Fin ? 1 : 0); }
        }

        /// <summary>Parses the header at buffer[offset..offset+length]. Never throws on any input.</summary>
        public static WireError TryParse(byte[] buffer, int offset, int length, out TcpPacket packet)
        {
            packet = new TcpPacket();
            if (!PacketView.Fits(buffer, offset, length, HeaderLength))
            {
                return WireError.Truncated;
            }

            int dataOffset = (buffer[offset + 12] >> 4) * 4;
            if (dataOffset < HeaderLength || dataOffset > length)
            {
                return WireError.BadDataOffset;
            }

            // The fields read in place (NetworkEndian written out: a call less each, on every segment received,
            // issue 13). The checksum is verified over the bytes (VerifyChecksum) and the urgent pointer is not used
            // (RFC 9293 §3.8.5: we offer no urgent data), so neither is copied out.
            packet.SourcePort = (ushort)((buffer[offset] << 8) | buffer[offset + 1]);
            packet.DestinationPort = (ushort)((buffer[offset + 2] << 8) | buffer[offset + 3]);
            packet.SequenceNumber = ((uint)buffer[offset + 4] << 24) | ((uint)buffer[offset + 5] << 16)
                | ((uint)buffer[offset + 6] << 8) | buffer[offset + 7];
            packet.AckNumber = ((uint)buffer[offset + 8] << 24) | ((uint)buffer[offset + 9] << 16)
                | ((uint)buffer[offset + 10] << 8) | buffer[offset + 11];
            packet.DataOffsetBytes = dataOffset;
            packet.Flags = (byte)(buffer[offset + 13] & 0x3F);
            packet.Window = (ushort)((buffer[offset + 14] << 8) | buffer[offset + 15]);
            packet.PayloadOffset = offset + dataOffset;
            packet.PayloadLength = length - dataOffset;

            // RFC 9293 §3.2: options are kind, or kind + length + data; End (0) stops the list.
            int i = offset + HeaderLength;
            int end = offset + dataOffset;
            while (i < end)
            {
                byte kind = buffer[i];
                if (kind == 0)
                {
                    break;
                }

                if (kind == 1)
                {
                    i++;
                    continue;
                }

                if (i + 1 >= end)
                {
                    return WireError.BadOption;
                }

                int optionLength = buffer[i + 1];
                if (optionLength < 2 || i + optionLength > end)
                {
                    return WireError.BadOption;
                }

                if (kind == 2 && optionLength == 4)
                {
                    packet.MaxSegmentSize = NetworkEndian.ReadUInt16(buffer, i + 2);
                }

                i += optionLength;
            }

            return WireError.None;
        }

        /// <summary>
        /// Writes a header (20 bytes, or 24 with an MSS option when <paramref name="mss"/> != 0) with a zero
        /// checksum; the caller appends the payload and then calls <see cref="WriteChecksum"/>.
        /// Returns the header length.
        /// </summary>
        public static int Emit(byte[] buffer, int offset, ushort sourcePort, ushort destinationPort, uint seq, uint ack,
            byte flags, ushort window, ushort mss)
        {
            int headerLength = mss != 0 ? HeaderLength + MssOptionLength : HeaderLength;
            // Written out (NetworkEndian.WriteUInt16/32: a call less each, on every segment sent, issue 13).
            buffer[offset] = (byte)(sourcePort >> 8);
            buffer[offset + 1] = (byte)sourcePort;
            buffer[offset + 2] = (byte)(destinationPort >> 8);
            buffer[offset + 3] = (byte)destinationPort;
            buffer[offset + 4] = (byte)(seq >> 24);
            buffer[offset + 5] = (byte)(seq >> 16);
            buffer[offset + 6] = (byte)(seq >> 8);
            buffer[offset + 7] = (byte)seq;
            buffer[offset + 8] = (byte)(ack >> 24);
            buffer[offset + 9] = (byte)(ack >> 16);
            buffer[offset + 10] = (byte)(ack >> 8);
            buffer[offset + 11] = (byte)ack;
            buffer[offset + 12] = (byte)((headerLength / 4) << 4);
            buffer[offset + 13] = flags;
            buffer[offset + 14] = (byte)(window >> 8);
            buffer[offset + 15] = (byte)window;
            buffer[offset + 16] = 0;
            buffer[offset + 17] = 0;
            buffer[offset + 18] = 0;
            buffer[offset + 19] = 0;
            if (mss != 0)
            {
                buffer[offset + 20] = 2;
                buffer[offset + 21] = 4;
                NetworkEndian.WriteUInt16(buffer, offset + 22, mss);
            }

            return headerLength;
        }

        /// <summary>Fills the checksum field of the segment at buffer[offset..offset+length] (RFC 9293 §3.1).</summary>
        public static void WriteChecksum(byte[] buffer, int offset, int length, uint source, uint destination)
        {
            buffer[offset + 16] = 0;
            buffer[offset + 17] = 0;
            ushort sum = ComputeChecksum(buffer, offset, length, source, destination);
            NetworkEndian.WriteUInt16(buffer, offset + 16, sum);
        }

        /// <summary>True when the segment's checksum (pseudo-header included) verifies.</summary>
        public static bool VerifyChecksum(byte[] buffer, int offset, int length, uint source, uint destination)
        {
            return ComputeChecksum(buffer, offset, length, source, destination) == 0;
        }

        /// <summary>
        /// One's-complement checksum over the IPv4 pseudo-header (RFC 9293 §3.1) and the segment as it is.
        /// Over a segment with a correct checksum the result is 0.
        /// </summary>
        public static ushort ComputeChecksum(byte[] buffer, int offset, int length, uint source, uint destination)
        {
            uint sum = global::NanoStack.Wire.Checksum.PseudoHeaderSum(source, destination, (byte)ProtocolNumber, length);
            return global::NanoStack.Wire.Checksum.Finish(global::NanoStack.Wire.Checksum.Sum(sum, buffer, offset, length));
        }
    }
}

using NanoStack.Wire;

namespace NanoStack.Iface
{
    // ICMPv4 (RFC 792, RFC 1122 §3.2.2): echo replies and rate-limited destination unreachable.
    public sealed partial class Interface
    {
        private long _lastIcmpErrorMs;

        private DropReason ReceiveIcmp(uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
            if (_icmp.Parse(buffer, offset, length) != WireError.None)
            {
                return DropReason.IcmpTruncated;
            }
            if (!_icmp.VerifyChecksum())
            {
                return DropReason.IcmpBadChecksum;
            }
            if (_icmp.Type != Icmpv4Packet.TypeEchoRequest)
            {
                // Echo replies and errors go to the registered ICMP consumer (the ping client), if any; without one
                // they are valid input nobody asked for.
                IIpv4Protocol consumer = FindProtocol(Ipv4Packet.ProtocolIcmp);
                if (consumer != null && !_rxToGroup)
                {
                    consumer.Receive(this, source, destination, buffer, offset, length, nowMs);
                }
                return DropReason.None;
            }
            if (_rxToGroup && !_replyToBroadcastPing)
            {
                // RFC 1122 §3.2.2.6: an echo request to a broadcast/multicast address MAY be silently discarded.
                return DropReason.IcmpBroadcastEcho;
            }
            if (source == 0)
            {
                return DropReason.IcmpEchoNotAnswered;
            }
            // RFC 792: the reply carries the same identifier, sequence and data; only type and checksum change.
            bool sent;
            if (length <= PayloadCapacity)
            {
                byte[] tx = _device.TransmitBuffer;
                int p = PayloadOffset;
                System.Array.Copy(buffer, offset, tx, p, length);
                MakeEchoReply(tx, p, length);
                sent = SendFitting(source, Ipv4Packet.ProtocolIcmp, length, 0, nowMs) <= SendResult.Queued; // fits: checked above
            }
            else
            {
                // A reassembled request: answer in place from the reassembly buffer, fragmented (RFC 791 §2.3).
                MakeEchoReply(buffer, offset, length);
                sent = SendDatagram(source, Ipv4Packet.ProtocolIcmp, buffer, offset, length, 0, nowMs);
            }
            if (!sent)
            {
                return DropReason.IcmpEchoNotAnswered;
            }
            EchoRepliesSent++;
            return DropReason.None;
        }

        /// <summary>
        /// Turns the verified echo request at <paramref name="offset"/> into its reply in place: type 0, code 0, and
        /// the request's checksum updated for that one changed word (RFC 1624 eqn. 3) rather than the whole message
        /// summed a second time; verifying the request (RFC 1122 §3.2.2) stays the one pass over the data.
        /// </summary>
        private static void MakeEchoReply(byte[] b, int offset, int length)
        {
            ushort check = Checksum.Update((ushort)((b[offset + 2] << 8) | b[offset + 3]),
                (ushort)((b[offset] << 8) | b[offset + 1]), 0);
            b[offset] = Icmpv4Packet.TypeEchoReply;
            b[offset + 1] = 0;
            if (check == 0)
            {
                // The reply sums to 0xFFFF or is all zero (identifier, sequence, data): a from-scratch sum writes
                // 0xFFFF for the latter (RFC 1624 §3 "-0"), so the reply is exactly what Compute would give.
                int i = offset + 4;
                int end = offset + length;
                while (i < end && b[i] == 0)
                {
                    i++;
                }
                if (i == end)
                {
                    check = 0xFFFF;
                }
            }
            b[offset + 2] = (byte)(check >> 8);
            b[offset + 3] = (byte)check;
        }

        /// <summary>
        /// Sends destination unreachable about the datagram being dispatched, quoting its IPv4 header and first
        /// 8 payload bytes (RFC 792). Never about a datagram sent to a group, from a non-unicast source, or
        /// reassembled (RFC 1122 §3.2.2); at most one per IcmpErrorIntervalMs (RFC 1812 §4.3.2.8).
        /// </summary>
        private void SendDestinationUnreachable(byte code, uint source, long nowMs)
        {
            if (_rxToGroup || _rxIpOffset < 0 || source == 0 || _address == 0)
            {
                return;
            }
            if (_lastIcmpErrorMs != long.MinValue && nowMs - _lastIcmpErrorMs < _icmpErrorIntervalMs)
            {
                IcmpErrorsRateLimited++;
                return;
            }
            int headerLength = _ip.HeaderLength;
            int quoted = _ip.PayloadLength;
            if (quoted > 8)
            {
                quoted = 8;
            }
            int length = Icmpv4Packet.HeaderLength + headerLength + quoted;
            if (length > PayloadCapacity)
            {
                return;
            }
            _lastIcmpErrorMs = nowMs;
            byte[] tx = _device.TransmitBuffer;
            int p = PayloadOffset;
            System.Array.Copy(_ip.Buffer, _rxIpOffset, tx, p + Icmpv4Packet.HeaderLength, headerLength + quoted);
            Icmpv4Packet.Emit(tx, p, length, Icmpv4Packet.TypeDestinationUnreachable, code, 0);
            if (SendIp(source, Ipv4Packet.ProtocolIcmp, length, 0, nowMs))
            {
                IcmpErrorsSent++;
            }
        }
    }
}

using NanoStack.Wire;

namespace NanoStack.Iface
{
    // ARP (RFC 826) with the RFC 1122 §2.3.2 rules and RFC 5227 probing/conflict detection.
    public sealed partial class Interface
    {
        private readonly ArpCache _arpCache;
        private uint _probeAddress;
        private bool _probeConflict;

        /// <summary>
        /// RFC 5227 §2.1.1 probe: an ARP request "who has <paramref name="address"/>" with sender address 0.0.0.0.
        /// A probe for a new address clears the conflict flag; repeated probes for the same address keep it.
        /// </summary>
        public void ArpProbe(uint address, long nowMs)
        {
            if (address != _probeAddress)
            {
                _probeAddress = address;
                _probeConflict = false;
            }
            SendArp(ArpPacket.OperationRequest, null, 0, 0, address);
        }

        /// <summary>
        /// True when, since probing <paramref name="address"/>, another station used it as ARP sender address or
        /// probed for it too (RFC 5227 §2.1.1), or when it is our configured address and another station claimed it.
        /// </summary>
        public bool ArpConflictSeen(uint address)
        {
            return (address != 0 && address == _probeAddress && _probeConflict)
                || (address != 0 && address == _address && _ownConflict);
        }

        private bool _ownConflict;

        /// <summary>Copies the cached MAC of <paramref name="address"/>; false when not resolved.</summary>
        public bool TryGetNeighbor(uint address, byte[] mac, int offset, long nowMs)
        {
            int i = _arpCache.FindReachable(address, nowMs);
            if (i < 0)
            {
                return false;
            }
            System.Array.Copy(_arpCache.Mac, i * 6, mac, offset, 6);
            return true;
        }

        /// <summary>
        /// An IPv4 datagram for us arrived from <paramref name="source"/> with Ethernet source at
        /// <paramref name="macOffset"/>: if that is the cached MAC of the neighbour it came through (the source itself
        /// on link, else the gateway), the entry is confirmed (RFC 1122 §2.3.2.1), so busy neighbours are never polled.
        /// </summary>
        private void ConfirmNeighbor(uint source, byte[] buffer, int macOffset, long nowMs)
        {
            uint hop = ((source ^ _address) & _netmask) == 0 ? source : _gateway; // Ipv4Address.IsInSubnet, written out
            if (hop == 0)
            {
                return;
            }
            _arpCache.Confirm(hop, buffer, macOffset, nowMs);
        }

        private DropReason ReceiveArp(byte[] buffer, int offset, int length, long nowMs)
        {
            if (_arp.Parse(buffer, offset, length) != WireError.None)
            {
                return DropReason.ArpTruncated;
            }
            if (!_arp.IsEthernetIpv4)
            {
                return DropReason.ArpUnsupported;
            }
            ushort op = _arp.Operation;
            if (op != ArpPacket.OperationRequest && op != ArpPacket.OperationReply)
            {
                return DropReason.ArpBadOperation;
            }
            int sha = _arp.SenderHardwareOffset;
            if (MacAddress.IsMulticast(buffer, sha) || MacAddress.AreEqual(buffer, sha, _mac, 0))
            {
                return DropReason.BadSourceMac;
            }
            uint spa = _arp.SenderProtocolAddress;
            uint tpa = _arp.TargetProtocolAddress;
            bool conflict = false;

            // RFC 5227 §2.1.1: while probing, a sender using the address, or another probe for it, is a conflict.
            if (_probeAddress != 0 && (spa == _probeAddress || (op == ArpPacket.OperationRequest && spa == 0 && tpa == _probeAddress)))
            {
                _probeConflict = true;
                conflict = true;
            }
            if (_address != 0 && spa == _address)
            {
                // RFC 5227 §2.4: someone else uses our address. Never learn from it; the owner (DHCP) decides.
                _ownConflict = true;
                AddressConflicts++;
                return DropReason.ArpAddressConflict;
            }
            if (_address == 0)
            {
                return conflict ? DropReason.None : DropReason.ArpNotForUs;
            }

            bool forUs = tpa == _address;
            bool validSender = spa != 0 && IsOnLinkUnicast(spa);
            bool merged = false;
            if (validSender)
            {
                // RFC 826 "merge": update an entry we already hold (refresh, or the reply we asked for).
                int i = _arpCache.Find(spa);
                if (i < 0 && forUs && op == ArpPacket.OperationRequest)
                {
                    // RFC 826: the requester will talk to us next, so learn it; nobody else creates entries.
                    i = _arpCache.Allocate(spa, nowMs);
                }
                if (i >= 0)
                {
                    _arpCache.SetReachable(i, buffer, sha, nowMs);
                    merged = true;
                    FlushPending(i);
                }
            }
            if (forUs && op == ArpPacket.OperationRequest)
            {
                // Answer probes (spa 0) too: that is how the prober learns the address is taken (RFC 5227 §2.1.1).
                SendArp(ArpPacket.OperationReply, buffer, sha, _address, spa);
                return DropReason.None;
            }
            return merged || forUs || conflict ? DropReason.None : DropReason.ArpNotForUs;
        }

        private bool IsOnLinkUnicast(uint address)
        {
            return !Ipv4Address.IsMulticast(address) && !Ipv4Address.IsReserved(address) && !Ipv4Address.IsLoopback(address)
                && Ipv4Address.IsInSubnet(address, _address, _netmask)
                && !Ipv4Address.IsDirectedBroadcast(address, _address, _netmask) && address != _address;
        }

        /// <summary>
        /// Sends an ARP packet. A null <paramref name="targetMac"/> means a broadcast request with a zero target
        /// hardware address; otherwise the frame goes unicast to it.
        /// </summary>
        private void SendArp(ushort operation, byte[] targetMac, int targetMacOffset, uint senderAddress, uint targetAddress)
        {
            if (!_device.IsLinkUp)
            {
                TxLinkDown++;
                return;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            if (targetMac == null)
            {
                MacAddress.WriteBroadcast(tx, o);
            }
            else
            {
                System.Array.Copy(targetMac, targetMacOffset, tx, o, 6);
            }
            System.Array.Copy(_mac, 0, tx, o + 6, 6);
            NetworkEndian.WriteUInt16(tx, o + 12, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(tx, o + EthernetFrame.HeaderLength, operation, _mac, 0, senderAddress,
                operation == ArpPacket.OperationRequest ? null : targetMac, targetMacOffset, targetAddress);
            // Pad to the 60-byte Ethernet minimum ourselves (a TAP or memory link does not).
            int length = EthernetFrame.HeaderLength + ArpPacket.PacketLength;
            System.Array.Clear(tx, o + length, 60 - length);
            Transmit(60);
        }

        /// <summary>RFC 5227 §2.3 announcement: request with sender and target both our address.</summary>
        private void SendGratuitousArp()
        {
            SendArp(ArpPacket.OperationRequest, null, 0, _address, _address);
        }

        private void FlushPending(int i)
        {
            int slot = _arpCache.PendingSlot(i);
            if (slot < 0)
            {
                return;
            }
            int length = _arpCache.PendingLength[slot];
            _arpCache.ReleasePending(i);
            if (length <= 0 || !_device.IsLinkUp)
            {
                return;
            }
            byte[] tx = _device.TransmitBuffer;
            int o = _device.TransmitOffset;
            System.Array.Copy(_arpCache.PendingFrame[slot], 0, tx, o, length);
            System.Array.Copy(_arpCache.Mac, i * 6, tx, o, 6);
            Transmit(length);
        }

        /// <summary>
        /// ARP timers: the cache says which request is due (a retry for an unresolved entry, a unicast poll of one about
        /// to expire, a broadcast for one whose polls went unanswered) and when the next one will be; this sends them.
        /// </summary>
        private long PollArp(long nowMs)
        {
            long next = long.MaxValue;
            for (int i = _arpCache.NextRequest(0, nowMs, ref next); i >= 0; i = _arpCache.NextRequest(i + 1, nowMs, ref next))
            {
                SendArpRequest(i);
            }
            return next;
        }

        /// <summary>The request the cache counted for entry <paramref name="i"/>: unicast to the cached MAC when resolved (a poll, RFC 1122 §2.3.2.1), else broadcast.</summary>
        private void SendArpRequest(int i)
        {
            SendArp(ArpPacket.OperationRequest, _arpCache.IsResolved(i) ? _arpCache.Mac : null, i * 6, _address, _arpCache.Address[i]);
        }
    }
}

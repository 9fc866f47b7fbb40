using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    [TestClass]
    public class ArpTests
    {
        [TestMethod]
        public void CapturedArpingRequestIsAnsweredWithReplyRfc826()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, CapturedFrames.ArpRequest);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual(60, reply.Length);
            byte[] expected = Hex.Parse(
                "020000000001" + "020000000002" + "0806" + "0001" + "0800" + "06" + "04" + "0002"
                + "020000000002" + "c0000202" + "020000000001" + "c0000201");
            CollectionAssert.AreEqual(expected, TestNet.Slice(reply, 0, 42));
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(1, stack.Interface.FramesAccepted);
        }

        [TestMethod]
        public void RequestFromLinuxTeachesItsMac()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 10);
            byte[] mac = new byte[6];
            Assert.IsTrue(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, mac, 0, 20));
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, mac);
        }

        [TestMethod]
        public void RequestForAnotherAddressCreatesNoEntryAndNoReply()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] f = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            f[41] = 0x09; // target 192.0.2.9
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            Assert.IsFalse(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 20));
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.ArpNotForUs));
        }

        [TestMethod]
        public void UnsolicitedReplyCreatesNoEntry()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.Inject(peer, ArpReplyFromLinux());
            stack.Poll(10);
            Assert.IsFalse(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 20));
        }

        [TestMethod]
        public void MissParksTheDatagramSendsOneRequestAndFlushesOnReply()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            byte[] data = new byte[] { 1, 2, 3 };
            Assert.AreEqual(SendResult.Queued, s.SendTo(CapturedFrames.LinuxAddress, 9, data, 0, 3, 100));
            Assert.AreEqual(SendResult.Queued, s.SendTo(CapturedFrames.LinuxAddress, 9, data, 0, 2, 200)); // newest wins, no second request
            byte[] request = TestNet.Take(peer);
            Assert.IsNotNull(request);
            Assert.IsTrue(MacAddress.IsBroadcast(request, 0));
            Assert.AreEqual((ushort)EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(request, 12));
            Assert.AreEqual(CapturedFrames.LinuxAddress, NetworkEndian.ReadUInt32(request, 38));
            Assert.IsNull(TestNet.Take(peer));

            TestNet.Inject(peer, ArpReplyFromLinux());
            stack.Poll(300);
            byte[] udp = TestNet.Take(peer);
            Assert.IsNotNull(udp);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(udp, 0, 6));
            Assert.AreEqual(2, NetworkEndian.ReadUInt16(udp, 38) - 8); // the newer, 2-byte datagram
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void RequestsAreRepeatedOncePerSecondThenTheParkedDatagramIsDropped()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 1000);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.AreEqual(2000L, stack.Poll(1500));
            Assert.IsNull(TestNet.Take(peer));
            stack.Poll(2000);
            Assert.IsNotNull(TestNet.Take(peer));
            stack.Poll(3000);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.AreEqual(0, stack.Interface.TxArpUnresolved);
            stack.Poll(4000);
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(1, stack.Interface.TxArpUnresolved);
        }

        [TestMethod]
        public void FloodOfMissesRecyclesUnresolvedEntriesAndKeepsResolvedOnes()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ArpCacheEntries = 2;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            TestNet.LearnLinux(stack, peer, 0);
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            for (uint host = 10; host < 30; host++)
            {
                s.SendTo(0xC0000200 + host, 9, new byte[1], 0, 1, 100);
            }
            Assert.IsTrue(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 200));
            peer.Clear();
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 200));
            byte[] f = TestNet.Take(peer);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(f, 0, 6));
        }

        [TestMethod]
        public void OffLinkDestinationIsResolvedThroughTheGateway()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            stack.OpenUdp().SendTo(0xC6336401, 53, new byte[4], 0, 4, 10); // 198.51.100.1
            byte[] request = TestNet.Take(peer);
            Assert.AreEqual(TestNet.Gateway, NetworkEndian.ReadUInt32(request, 38));
        }

        [TestMethod]
        public void GratuitousArpIsSentOnStartAndAgainWhenTheLinkComesBack()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.Create(TestNet.BoardConfig(), out peer);
            stack.Poll(0);
            byte[] g = TestNet.Take(peer);
            Assert.IsNotNull(g);
            Assert.IsTrue(MacAddress.IsBroadcast(g, 0));
            Assert.AreEqual(CapturedFrames.BoardAddress, NetworkEndian.ReadUInt32(g, 28)); // sender
            Assert.AreEqual(CapturedFrames.BoardAddress, NetworkEndian.ReadUInt32(g, 38)); // target (RFC 5227 §2.3)
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer));
            MemoryLink link = (MemoryLink)stack.Interface.Device;
            link.SetLinkUp(false);
            stack.Poll(20);
            link.SetLinkUp(true);
            stack.Poll(30);
            Assert.IsNotNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void ProbeHasZeroSenderAndAReplyFromAnotherStationIsAConflictRfc5227()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            stack.Interface.ArpProbe(CapturedFrames.LinuxAddress, 5);
            byte[] probe = TestNet.Take(peer);
            Assert.AreEqual(0u, NetworkEndian.ReadUInt32(probe, 28));
            Assert.AreEqual(CapturedFrames.LinuxAddress, NetworkEndian.ReadUInt32(probe, 38));
            Assert.IsFalse(stack.Interface.ArpConflictSeen(CapturedFrames.LinuxAddress));
            TestNet.Inject(peer, ArpReplyFromLinux());
            stack.Poll(10);
            Assert.IsTrue(stack.Interface.ArpConflictSeen(CapturedFrames.LinuxAddress));
            Assert.IsFalse(stack.Interface.ArpConflictSeen(0xC0000233));
            stack.Interface.ArpProbe(CapturedFrames.LinuxAddress, 20); // a repeated probe keeps what was seen
            Assert.IsTrue(stack.Interface.ArpConflictSeen(CapturedFrames.LinuxAddress));
            stack.Interface.Unconfigure(); // a fresh DHCP cycle starts from a clean slate
            Assert.IsFalse(stack.Interface.ArpConflictSeen(CapturedFrames.LinuxAddress));
        }

        [TestMethod]
        public void ProbeFromAnotherStationForTheSameAddressIsAConflictRfc5227()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            stack.Interface.ArpProbe(0xC0000264, 5);
            byte[] f = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            NetworkEndian.WriteUInt32(f, 28, 0);          // sender 0.0.0.0: a probe
            NetworkEndian.WriteUInt32(f, 38, 0xC0000264); // for the address we probe
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.IsTrue(stack.Interface.ArpConflictSeen(0xC0000264));
        }

        [TestMethod]
        public void ProbeForOurAddressIsAnsweredSoTheProberSeesTheConflict()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] f = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            f[28] = 0; f[29] = 0; f[30] = 0; f[31] = 0; // sender IP 0.0.0.0: an RFC 5227 probe
            TestNet.Inject(peer, f);
            stack.Poll(10);
            byte[] reply = TestNet.Take(peer);
            Assert.IsNotNull(reply);
            Assert.AreEqual((ushort)2, NetworkEndian.ReadUInt16(reply, 20));
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(reply, 0, 6));
            Assert.IsFalse(stack.Interface.TryGetNeighbor(0, new byte[6], 0, 10));
        }

        [TestMethod]
        public void AnotherStationClaimingOurAddressIsCountedAsConflict()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] f = ArpReplyFromLinux();
            NetworkEndian.WriteUInt32(f, 28, CapturedFrames.BoardAddress);
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.AddressConflicts);
            Assert.IsTrue(stack.Interface.ArpConflictSeen(CapturedFrames.BoardAddress));
        }

        [TestMethod]
        public void EntryNearExpiryIsRefreshedWithUnicastRequestRfc1122()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0); // lifetime 60 s, refresh window 10 s
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 55000);
            Assert.IsNotNull(TestNet.Take(peer)); // the datagram, still sent to the cached MAC
            stack.Poll(55000);
            byte[] refresh = TestNet.Take(peer);
            Assert.IsNotNull(refresh);
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(refresh, 0, 6));
            Assert.AreEqual((ushort)1, NetworkEndian.ReadUInt16(refresh, 20));
            Assert.IsFalse(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 60000));
        }

        [TestMethod]
        public void TwoSendsInsideTheRefreshWindowStillRefreshOnce()
        {
            // RFC 1122 §2.3.2.1: an entry used near its expiry is polled unicast. Every use inside the window marks it;
            // a second use before the poll goes out must not take the mark back.
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0); // lifetime 60 s, refresh window 10 s
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 55000);
            s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 55000);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.IsNotNull(TestNet.Take(peer));
            stack.Poll(55000);
            byte[] refresh = TestNet.Take(peer);
            Assert.IsNotNull(refresh, "the unicast poll");
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(refresh, 0, 6));
            Assert.AreEqual((ushort)1, NetworkEndian.ReadUInt16(refresh, 20));
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void NonEthernetArpIsDroppedAsUnsupported()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] f = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            f[15] = 6; // hardware type 6 (IEEE 802)
            TestNet.Inject(peer, f);
            stack.Poll(10);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.ArpUnsupported));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        /// <summary>
        /// RFC 1122 §2.3.2.1 cache validation: a reply corrupted in its sender MAC (ARP has no checksum) poisons the
        /// entry. Used while nothing is heard from that MAC for 5 s (lifetime 60 s minus ArpRefreshBeforeMs 55 s), it
        /// is polled unicast ArpMaxRequests (3) times 1 s apart; unanswered, it is re-resolved by broadcast. Bound:
        /// frames go to the right MAC again at most 5 + 3 + 1 = 9 s after the bad reply (plus the reply's trip).
        /// </summary>
        [TestMethod]
        public void PoisonedEntryWhoseUnicastPollsGoUnansweredIsReResolvedByBroadcastWithinNineSeconds()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            byte[] wrong = new byte[] { 0x02, 0, 0, 0, 0, 0x41 }; // 02:00:00:00:00:01 with one bit flipped
            Assert.AreEqual(SendResult.Queued, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 0));
            Assert.IsTrue(MacAddress.IsBroadcast(TestNet.Take(peer), 0));
            byte[] poisoned = ArpReplyFromLinux();
            System.Array.Copy(wrong, 0, poisoned, 22, 6); // ARP sender hardware address only
            TestNet.Inject(peer, poisoned);
            stack.Poll(0);
            CollectionAssert.AreEqual(wrong, TestNet.Slice(TestNet.Take(peer), 0, 6)); // the parked datagram, misdelivered

            int unicastPolls = 0;
            int broadcasts = 0;
            long correctedMs = -1;
            long lastRequestMs = long.MinValue;
            for (long now = 500; now <= 15000; now += 250)
            {
                s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, now);
                stack.Poll(now);
                byte[] f;
                while ((f = TestNet.Take(peer)) != null)
                {
                    if (NetworkEndian.ReadUInt16(f, 12) == EthernetFrame.EtherTypeArp)
                    {
                        Assert.AreEqual(CapturedFrames.LinuxAddress, NetworkEndian.ReadUInt32(f, 38));
                        Assert.IsTrue(lastRequestMs == long.MinValue || now - lastRequestMs >= 1000); // ≤ 1 request/s
                        lastRequestMs = now;
                        if (MacAddress.IsBroadcast(f, 0))
                        {
                            broadcasts++;
                            TestNet.Inject(peer, ArpReplyFromLinux()); // the real owner answers a broadcast
                        }
                        else if (MacAddress.AreEqual(f, 0, wrong, 0))
                        {
                            unicastPolls++; // nobody there: no answer
                        }
                        else
                        {
                            // Once corrected, a later poll reaches the owner, which answers.
                            Assert.IsTrue(correctedMs > 0);
                            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(f, 0, 6));
                            TestNet.Inject(peer, ArpReplyFromLinux());
                        }
                    }
                    else if (MacAddress.AreEqual(f, 0, CapturedFrames.LinuxMac, 0))
                    {
                        if (correctedMs < 0)
                        {
                            correctedMs = now;
                        }
                    }
                    else
                    {
                        Assert.IsTrue(correctedMs < 0); // never back to the bad MAC once corrected
                    }
                }
                stack.Poll(now); // takes the injected reply
            }
            Assert.AreEqual(3, unicastPolls);
            Assert.AreEqual(1, broadcasts);
            Assert.IsTrue(correctedMs > 0 && correctedMs <= 9250, "corrected at " + correctedMs.ToString());
            byte[] mac = new byte[6];
            Assert.IsTrue(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, mac, 0, 15000));
            CollectionAssert.AreEqual(CapturedFrames.LinuxMac, mac);
        }

        /// <summary>Datagrams from the neighbour's cached MAC confirm the entry (RFC 1122 §2.3.2.1 advice): no polls.</summary>
        [TestMethod]
        public void EntryConfirmedByTrafficFromItsMacIsNotPolled()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            TestNet.LearnLinux(stack, peer, 0);
            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            byte[] buffer = new byte[64];
            uint from;
            ushort port;
            for (long now = 1000; now <= 120000; now += 1000)
            {
                TestNet.Inject(peer, CapturedFrames.UdpHello);
                stack.Poll(now);
                Assert.AreEqual(15, s.ReceiveFrom(buffer, 0, buffer.Length, out from, out port));
                Assert.AreEqual(SendResult.Ok, s.SendTo(from, port, buffer, 0, 15, now));
                stack.Poll(now);
                byte[] f = TestNet.Take(peer);
                Assert.AreEqual((ushort)EthernetFrame.EtherTypeIpv4, NetworkEndian.ReadUInt16(f, 12));
                CollectionAssert.AreEqual(CapturedFrames.LinuxMac, TestNet.Slice(f, 0, 6));
                Assert.IsNull(TestNet.Take(peer));
            }
        }

        [TestMethod]
        public void MulticastSenderMacIsNeverLearnedAndIsCountedAsBadSourceMac()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            byte[] request = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            request[22] = 0x01; request[23] = 0x00; request[24] = 0x5e; // sender 01:00:5e:00:00:01
            TestNet.Inject(peer, request);
            stack.Poll(10);
            Assert.IsNull(TestNet.Take(peer)); // not answered either
            Assert.IsFalse(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 20));

            NanoStack.Sockets.UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Queued, s.SendTo(CapturedFrames.LinuxAddress, 9, new byte[1], 0, 1, 20));
            Assert.IsNotNull(TestNet.Take(peer)); // the request
            byte[] reply = ArpReplyFromLinux();
            MacAddress.WriteBroadcast(reply, 22); // even the reply we asked for
            TestNet.Inject(peer, reply);
            stack.Poll(30);
            Assert.IsNull(TestNet.Take(peer)); // the parked datagram stays parked
            Assert.IsFalse(stack.Interface.TryGetNeighbor(CapturedFrames.LinuxAddress, new byte[6], 0, 40));
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.BadSourceMac));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        internal static byte[] ArpReplyFromLinux()
        {
            byte[] f = new byte[60];
            EthernetFrame.Emit(f, 0, CapturedFrames.BoardMac, 0, CapturedFrames.LinuxMac, 0, EthernetFrame.EtherTypeArp);
            ArpPacket.Emit(f, 14, ArpPacket.OperationReply, CapturedFrames.LinuxMac, 0, CapturedFrames.LinuxAddress,
                CapturedFrames.BoardMac, 0, CapturedFrames.BoardAddress);
            return f;
        }
    }
}

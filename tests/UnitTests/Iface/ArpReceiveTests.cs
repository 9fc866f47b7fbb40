using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Sockets;
using NanoStack.Tests.Wire;
using NanoStack.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// What the interface makes of received ARP and Ethernet headers (RFC 826 merge, RFC 1122 §2.3.2.1,
    /// RFC 5227 probes and conflicts) and the ARP timers' deadlines. Added from surviving mutants of stack/Iface
    /// (issue 18).
    /// </summary>
    [TestClass]
    public class ArpReceiveTests
    {
        private static NetworkStack Board(out MemoryLink peer)
        {
            return TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
        }

        private static long AgeOfFirst(NetworkStack stack, long nowMs)
        {
            uint address;
            long age;
            Assert.IsTrue(stack.Interface.GetArpEntry(0, nowMs, out address, new byte[6], 0, out age));
            return age;
        }

        private static bool Knows(NetworkStack stack, uint address, long nowMs)
        {
            return stack.Interface.TryGetNeighbor(address, new byte[6], 0, nowMs);
        }

        // ---- malformed or foreign frames get their own drop reason ----------------------------------------

        [TestMethod]
        public void AFrameShorterThanAnEthernetHeaderIsTruncated()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, TestNet.Slice(CapturedFrames.ArpRequest, 0, 13), 1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.EthernetTruncated));
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        [TestMethod]
        public void AShortArpAndAnUnknownOperationAreDroppedWithTheirReason()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, TestNet.Slice(CapturedFrames.ArpRequest, 0, 14 + 27), 1);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.ArpTruncated), "27 of 28 bytes");
            byte[] f = TestNet.Slice(CapturedFrames.ArpRequest, 0, CapturedFrames.ArpRequest.Length);
            f[21] = 3; // RARP request (RFC 903): not ARP's business
            Neighbours.Receive(stack, f, 2);
            Assert.AreEqual(1, stack.Interface.Dropped(DropReason.ArpBadOperation));
            Assert.IsNull(TestNet.Take(peer));
        }

        [TestMethod]
        public void FramesFromAGroupMacOrEchoingOurOwnMacAreDropped()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            byte[] fromGroup = Neighbours.Udp(new byte[] { 0x01, 0, 0x5e, 0, 0, 1 }, Neighbours.Address(3),
                CapturedFrames.BoardAddress, 7, new byte[1]);
            Neighbours.Receive(stack, fromGroup, 1);
            byte[] echo = Neighbours.Udp(CapturedFrames.BoardMac, Neighbours.Address(3), CapturedFrames.BoardAddress, 7, new byte[1]);
            Neighbours.Receive(stack, echo, 2);
            Assert.AreEqual(2, stack.Interface.Dropped(DropReason.BadSourceMac));
            Assert.AreEqual(-1, s.Available, "neither delivered");
        }

        // ---- RFC 5227 conflicts -------------------------------------------------------------------------

        [TestMethod]
        public void AConflictOnOurAddressIsReportedForThatAddressAloneAndForgottenWhenItChanges()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Assert.IsFalse(stack.Interface.ArpConflictSeen(CapturedFrames.BoardAddress));
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(7), CapturedFrames.BoardAddress,
                null, CapturedFrames.BoardAddress), 1); // .7's announcement of our address
            Assert.IsTrue(stack.Interface.ArpConflictSeen(CapturedFrames.BoardAddress));
            Assert.IsFalse(stack.Interface.ArpConflictSeen(Neighbours.Address(9)), "an address we neither hold nor probe");
            stack.Interface.Configure(Neighbours.Address(3), 0xFFFFFF00, TestNet.Gateway);
            Assert.IsFalse(stack.Interface.ArpConflictSeen(Neighbours.Address(3)), "the new address has no conflict yet");
        }

        [TestMethod]
        public void WhileProbingOnlyASenderUsingTheAddressOrAnotherProbeForItIsAConflict()
        {
            // RFC 5227 §2.1.1: sender IP == probed address, or an ARP probe (sender 0) for it. An ordinary request
            // for the probed address from a station with its own address is not one.
            StackConfig c = TestNet.BoardConfig();
            c.Address = 0;
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            uint probed = Neighbours.Address(7);
            stack.Interface.ArpProbe(probed, 0);
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(9), Neighbours.Address(9),
                null, Neighbours.Address(8)), 1);
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(9), Neighbours.Address(9),
                null, probed), 2);
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationReply, Neighbours.Mac(9), Neighbours.Address(9),
                CapturedFrames.BoardMac, probed), 3);
            Assert.IsFalse(stack.Interface.ArpConflictSeen(probed));
            Assert.AreEqual(3, stack.Interface.Dropped(DropReason.ArpNotForUs), "unconfigured: none of them is ours");
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationReply, Neighbours.Mac(7), probed,
                CapturedFrames.BoardMac, 0), 4);
            Assert.IsTrue(stack.Interface.ArpConflictSeen(probed));
            Assert.AreEqual(1, stack.Interface.FramesAccepted, "the conflicting reply is the probe's answer: accepted");
            TestNet.AssertCountersConsistent(stack.Interface);
        }

        // ---- whom we learn (RFC 826 merge, RFC 1122 §2.3.2.1) ------------------------------------------------

        [TestMethod]
        public void SendersOutsideOurSubnetAndProbesAreAnsweredButNeverLearned()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            uint offLink = 0xC6336407; // 198.51.100.7 (RFC 5737)
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(7), offLink, null,
                CapturedFrames.BoardAddress), 1);
            Assert.IsNotNull(TestNet.Take(peer), "answered");
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(8), 0, null,
                CapturedFrames.BoardAddress), 2);
            Assert.IsNotNull(TestNet.Take(peer), "a probe for our address is answered (RFC 5227 §2.1.1)");
            Assert.IsFalse(Knows(stack, offLink, 3));
            Assert.AreEqual(0, stack.Interface.ArpEntryCount(3), "neither the stranger nor 0.0.0.0 is a neighbour");
        }

        [TestMethod]
        public void EvenWhenTheSubnetIsEverythingGroupClassEAndLoopbackSendersAreNeverLearned()
        {
            // RFC 1122 §3.2.1.3: such addresses never name a host, whatever the netmask says is on-link.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            stack.Interface.Configure(CapturedFrames.BoardAddress, 0, TestNet.Gateway);
            uint[] senders = new uint[] { 0xE0000009, 0xF0000009, 0x7F000009 };
            for (int i = 0; i < senders.Length; i++)
            {
                Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, Neighbours.Mac(7), senders[i], null,
                    CapturedFrames.BoardAddress), 1);
                Assert.IsFalse(Knows(stack, senders[i], 2), "sender " + i);
            }
            Assert.AreEqual(0, stack.Interface.ArpEntryCount(2));
        }

        [TestMethod]
        public void AnAnnouncementFromAHeldNeighbourUpdatesItsMacAndIsAccepted()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 1);
            byte[] newMac = new byte[] { 0x02, 0, 0, 0, 2, 3 };
            Neighbours.Receive(stack, Neighbours.Arp(ArpPacket.OperationRequest, newMac, Neighbours.Address(3), null,
                Neighbours.Address(3)), 2); // RFC 5227 §2.3 announcement after a NIC change
            byte[] mac = new byte[6];
            Assert.IsTrue(stack.Interface.TryGetNeighbor(Neighbours.Address(3), mac, 0, 3));
            CollectionAssert.AreEqual(newMac, mac);
            Assert.AreEqual(2, stack.Interface.FramesAccepted);
            Assert.AreEqual(0, stack.Interface.DroppedTotal);
        }

        [TestMethod]
        public void AnUnsolicitedReplyToUsIsAcceptedButNotLearned()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 1);
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 2));
            Assert.AreEqual(1, stack.Interface.FramesAccepted);
            Assert.AreEqual(0, stack.Interface.DroppedTotal);
        }

        [TestMethod]
        public void AnExpiredEntryIsGoneAndALaterReplyNotForUsDoesNotBringItBack()
        {
            // RFC 826 merges only into an entry the table holds; an expired entry was freed (its address stays in
            // the slot's memory). A reply from that neighbour that we did not ask for teaches nothing (mutant in Find).
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            Assert.IsTrue(Knows(stack, Neighbours.Address(3), 59999));
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 60000), "expired after the 60 s lifetime, and freed");
            Neighbours.Receive(stack, Neighbours.ReplyFrom(3), 60001);
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 60002));
        }

        // ---- what we send --------------------------------------------------------------------------------

        [TestMethod]
        public void AProbeWhileTheLinkIsDownIsCountedAndNotTried()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            int transmitted = stack.Interface.FramesTransmitted;
            ((MemoryLink)stack.Interface.Device).SetLinkUp(false);
            stack.Interface.ArpProbe(Neighbours.Address(7), 1);
            Assert.AreEqual(1, stack.Interface.TxLinkDown);
            Assert.AreEqual(0, stack.Interface.TxDeviceFailed);
            Assert.AreEqual(transmitted, stack.Interface.FramesTransmitted);
        }

        [TestMethod]
        public void ArpPaddingIsZeroNotLeftOverFromTheLastFrame()
        {
            // IEEE 802.3 pads short frames; padding with old buffer contents leaks data (CVE-2003-0001, "Etherleak").
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            TestNet.LearnLinux(stack, peer, 0);
            byte[] data = new byte[100];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = 0xAA;
            }
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(CapturedFrames.LinuxAddress, 9, data, 0, data.Length, 1));
            peer.Clear();
            TestNet.Inject(peer, CapturedFrames.ArpRequest);
            stack.Poll(2);
            byte[] reply = TestNet.Take(peer);
            Assert.AreEqual(60, reply.Length);
            CollectionAssert.AreEqual(new byte[18], TestNet.Slice(reply, 42, 18));
        }

        // ---- confirmation by traffic (RFC 1122 §2.3.2.1) -----------------------------------------------------

        [TestMethod]
        public void ADatagramThroughTheGatewayConfirmsTheGatewaysEntry()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            byte[] gatewayMac = Neighbours.Mac(0xFE);
            Neighbours.Receive(stack, Neighbours.RequestFrom(0xFE), 0); // expires at 60,000
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Neighbours.Receive(stack, Neighbours.Udp(gatewayMac, 0xC6336407, CapturedFrames.BoardAddress, 7, new byte[1]), 30000);
            Assert.IsTrue(Knows(stack, TestNet.Gateway, 60001), "confirmed at 30,000: lives to 90,000");
        }

        [TestMethod]
        public void ADatagramFromTheSecondNeighbourConfirmsItsOwnEntry()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            Neighbours.Receive(stack, Neighbours.RequestFrom(4), 0);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Neighbours.Receive(stack, Neighbours.Udp(Neighbours.Mac(4), Neighbours.Address(4), CapturedFrames.BoardAddress, 7,
                new byte[1]), 30000);
            Assert.IsTrue(Knows(stack, Neighbours.Address(4), 60001));
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 60001));
        }

        [TestMethod]
        public void ADatagramWithinAnIntervalOfTheLastConfirmationLeavesTheEntryAndOneAfterExtendsIt()
        {
            // Issue 13: a fresh entry (confirmed less than ArpRequestIntervalMs ago, nothing pending) skips the compare.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0); // expires at 60,000
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Neighbours.Receive(stack, Neighbours.Udp(Neighbours.Mac(3), Neighbours.Address(3), CapturedFrames.BoardAddress, 7,
                new byte[1]), 999);
            Assert.AreEqual(999L, AgeOfFirst(stack, 999), "confirmed 999 ms ago: left as it was");
            Neighbours.Receive(stack, Neighbours.Udp(Neighbours.Mac(3), Neighbours.Address(3), CapturedFrames.BoardAddress, 7,
                new byte[1]), 1000);
            Assert.AreEqual(0L, AgeOfFirst(stack, 1000), "one interval on: confirmed again");
            Assert.IsTrue(Knows(stack, Neighbours.Address(3), 60999), "to 61,000");
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 61000));
        }

        [TestMethod]
        public void ADatagramSoonAfterTheLastConfirmationStillStopsAPollThatIsDue()
        {
            MemoryLink peer;
            StackConfig c = TestNet.BoardConfig();
            c.ArpRefreshBeforeMs = 59500; // any use after 500 ms marks a refresh
            NetworkStack stack = TestNet.CreateStarted(c, out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Assert.AreEqual(SendResult.Ok, s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 600)); // refresh due
            peer.Clear();
            Neighbours.Receive(stack, Neighbours.Udp(Neighbours.Mac(3), Neighbours.Address(3), CapturedFrames.BoardAddress, 7,
                new byte[1]), 700);
            stack.Poll(700);
            Assert.IsNull(TestNet.Take(peer), "heard from at 700: no unicast poll");
            Assert.IsTrue(Knows(stack, Neighbours.Address(3), 60699), "and confirmed to 60,700");
        }

        [TestMethod]
        public void ADatagramArrivingAsTheEntryExpiresDoesNotReviveIt()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            UdpSocket s = stack.OpenUdp();
            s.Bind(7);
            Neighbours.Receive(stack, Neighbours.Udp(Neighbours.Mac(3), Neighbours.Address(3), CapturedFrames.BoardAddress, 7,
                new byte[1]), 60000);
            Assert.IsFalse(Knows(stack, Neighbours.Address(3), 60001));
        }

        // ---- timers: requests and polls at most once per ArpRequestIntervalMs (RFC 1122 §2.3.2.1) ----------

        [TestMethod]
        public void ASecondMissOneIntervalLaterAsksAgainAtOnceButNotSooner()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 1000);
            Assert.IsNotNull(TestNet.Take(peer));
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 1999);
            Assert.IsNull(TestNet.Take(peer));
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 2000);
            Assert.IsNotNull(TestNet.Take(peer), "a second has passed: the send itself asks again");
        }

        [TestMethod]
        public void AfterARetransmittedRequestTheNextDeadlineIsOneIntervalLater()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 1000);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.AreEqual(3000L, stack.Poll(2000));
            Assert.IsNotNull(TestNet.Take(peer), "the retransmission");
        }

        // The poll skips its cache scan until the earliest stored due time (issue 13): these pin that requests,
        // refresh polls and giving up still happen at the times a full scan every poll gives.

        [TestMethod]
        public void PollsBetweenRetriesSendNothingAndTheRetryGoesOutExactlyOneIntervalLater()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 1000);
            Assert.IsNotNull(TestNet.Take(peer));
            Assert.AreEqual(2000L, stack.Poll(1001));
            Assert.AreEqual(2000L, stack.Poll(1500));
            Assert.AreEqual(2000L, stack.Poll(1999));
            Assert.IsNull(TestNet.Take(peer), "nothing due before the interval");
            Assert.AreEqual(3000L, stack.Poll(2000));
            Assert.IsNotNull(TestNet.Take(peer), "the retransmission, on time");
        }

        [TestMethod]
        public void AMissAfterAPollWithNothingDueIsStillRetriedOneIntervalLater()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            peer.Clear();
            Assert.AreEqual(long.MaxValue, stack.Poll(500), "a resolved, fresh neighbour needs nothing");
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(4), 9, new byte[1], 0, 1, 1000);
            Assert.IsNotNull(TestNet.Take(peer));
            stack.Poll(1999);
            Assert.IsNull(TestNet.Take(peer));
            stack.Poll(2000);
            byte[] retry = TestNet.Take(peer);
            Assert.IsNotNull(retry, "the miss lowered the poll's next due time");
            Assert.AreEqual(Neighbours.Address(4), NetworkEndian.ReadUInt32(retry, 38));
        }

        [TestMethod]
        public void TwoMissesHalfAnIntervalApartAreEachRetriedOnTheirOwnTime()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 1000);
            s.SendTo(Neighbours.Address(4), 9, new byte[1], 0, 1, 1500);
            peer.Clear();
            Assert.AreEqual(2500L, stack.Poll(2000));
            Assert.AreEqual(Neighbours.Address(3), NetworkEndian.ReadUInt32(TestNet.Take(peer), 38));
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(2500L, stack.Poll(2499));
            Assert.IsNull(TestNet.Take(peer));
            Assert.AreEqual(3000L, stack.Poll(2500));
            Assert.AreEqual(Neighbours.Address(4), NetworkEndian.ReadUInt32(TestNet.Take(peer), 38));
        }

        [TestMethod]
        public void AGiveUpHappensAtTheSamePollWhenTheTimesInBetweenArePolledToo()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 0);
            int requests = 0; // the first one, sent by SendTo, is taken in the loop
            long t = 250;
            while (stack.Interface.TxArpUnresolved == 0 && t <= 10000)
            {
                stack.Poll(t);
                while (TestNet.Take(peer) != null)
                {
                    requests++;
                }
                t += 250;
            }
            Assert.AreEqual(3250L, t, "given up by the poll at 3,000 (three requests, one interval after the last)");
            Assert.AreEqual(3, requests);
        }

        [TestMethod]
        public void AnAddressGivenUpIsCountedOnceAndForgotten()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 0);
            for (long t = 1000; t <= 6000; t += 1000)
            {
                stack.Poll(t);
            }
            Assert.AreEqual(1, stack.Interface.TxArpUnresolved);
            Assert.AreEqual(long.MaxValue, stack.Poll(7000), "nothing left to do");
        }

        [TestMethod]
        public void UnicastPollOfTheSecondNeighbourGoesToItsMacAndTheNextIsDueASecondLater()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            Neighbours.Receive(stack, Neighbours.RequestFrom(4), 0);
            peer.Clear();
            UdpSocket s = stack.OpenUdp();
            Assert.AreEqual(SendResult.Ok, s.SendTo(Neighbours.Address(4), 9, new byte[1], 0, 1, 6000)); // 54 s left: refresh due
            peer.Clear();
            Assert.AreEqual(7000L, stack.Poll(6000));
            byte[] poll = TestNet.Take(peer);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(poll, 12));
            CollectionAssert.AreEqual(Neighbours.Mac(4), TestNet.Slice(poll, 0, 6));
            Assert.AreEqual(Neighbours.Address(4), NetworkEndian.ReadUInt32(poll, 38));
        }

        [TestMethod]
        public void RefreshIsDueWhenExactlyArpRefreshBeforeMsAreLeft()
        {
            // Lifetime 60,000, ArpRefreshBeforeMs 55,000: used at 4,999 nothing; used at 5,000 a unicast poll.
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 0);
            UdpSocket s = stack.OpenUdp();
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 4999);
            peer.Clear(); // the datagram
            stack.Poll(4999);
            Assert.IsNull(TestNet.Take(peer), "55,001 ms left: no poll yet");
            s.SendTo(Neighbours.Address(3), 9, new byte[1], 0, 1, 5000);
            peer.Clear();
            stack.Poll(5000);
            byte[] poll = TestNet.Take(peer);
            Assert.IsNotNull(poll);
            Assert.AreEqual(EthernetFrame.EtherTypeArp, NetworkEndian.ReadUInt16(poll, 12));
        }

        [TestMethod]
        public void AnEntryAskedAboutWithAnEarlierClockReportsAgeZero()
        {
            MemoryLink peer;
            NetworkStack stack = Board(out peer);
            Neighbours.Receive(stack, Neighbours.RequestFrom(3), 1000);
            uint address;
            long age;
            Assert.IsTrue(stack.Interface.GetArpEntry(0, 500, out address, new byte[6], 0, out age));
            Assert.AreEqual(0L, age);
        }
    }
}

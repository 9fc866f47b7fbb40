using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Sockets.Mdns;
using NanoStack.Tests.Dns;
using NanoStack.Wire;

namespace NanoStack.Tests.Mdns
{
    [TestClass]
    public class MdnsResponderTests
    {
        private const uint Us = 0xC0000291;      // 192.0.2.145
        private const uint Peer = 0xC0000202;    // 192.0.2.2, where dig ran
        private const ushort DigPort = 41234;

        private static MdnsResponder Start(ScriptedSocket s, FixedAddress a)
        {
            MdnsResponder r = new MdnsResponder(s, a, new MdnsConfig(), 7);
            // Probe (3 × 250 ms after 0..250 ms) and announce (2 × 1 s): done by 3 s.
            for (long t = 0; t <= 3000; t += 50) r.Step(t);
            return r;
        }

        /// <summary>A responder at <see cref="Us"/> that has probed and announced (<see cref="Start"/>).</summary>
        private static MdnsResponder Running(ScriptedSocket s)
        {
            FixedAddress a = new FixedAddress();
            a.LocalAddress = Us;
            return Start(s, a);
        }

        /// <summary>Query <paramref name="q"/> from the peer's <paramref name="port"/> to the group at <paramref name="nowMs"/>; the responder steps then.</summary>
        private static void Ask(ScriptedSocket s, MdnsResponder r, byte[] q, ushort port, long nowMs)
        {
            s.Deliver(q, q.Length, Peer, port, MdnsResponder.Group, nowMs);
            r.Step(nowMs);
        }

        private static DnsPacket ParseSent(ScriptedSocket s)
        {
            DnsPacket d = new DnsPacket();
            Assert.AreEqual((int)WireError.None, (int)d.Parse(s.LastSent, 0, s.LastSentLength));
            return d;
        }

        private static byte[] Name(string dotted)
        {
            byte[] b = new byte[64];
            DnsName.Encode(dotted, b, 0);
            return b;
        }

        [TestMethod]
        public void NamesSizedByNeedHoldTheLongestRenameSuffix()
        {
            // RFC 6762 §9 renames "nanostack" to "nanostack-2", "-3", ...; the arrays hold up to "-997" (MaxRenames ≤ 997).
            MdnsRecords records = new MdnsRecords(new MdnsConfig());
            records.Rename(997);
            byte[] host = Name("nanostack-997.local");
            Assert.AreEqual(21, records.HostNameLength);
            for (int i = 0; i < records.HostNameLength; i++) Assert.AreEqual(host[i], records.HostName[i]);
            byte[] instance = Name("nanostack-997._http._tcp.local");
            Assert.AreEqual(32, records.InstanceNameLength);
            for (int i = 0; i < records.InstanceNameLength; i++) Assert.AreEqual(instance[i], records.InstanceName[i]);
            records.Rename(0);
            Assert.AreEqual(17, records.HostNameLength);
            MdnsConfig tooMany = new MdnsConfig();
            tooMany.MaxRenames = 998;
            Assert.ThrowsException(typeof(System.ArgumentException), () => new MdnsRecords(tooMany));
        }

        [TestMethod]
        public void SilentUntilTheInterfaceHasAnAddress()
        {
            ScriptedSocket s = new ScriptedSocket();
            FixedAddress a = new FixedAddress();
            MdnsResponder r = new MdnsResponder(s, a, new MdnsConfig(), 7);
            Assert.AreEqual(long.MaxValue, r.Step(0));
            s.Deliver(CapturedDns.MdnsQueryNanostackLocal, CapturedDns.MdnsQueryNanostackLocal.Length, Peer, DigPort, MdnsResponder.Group, 10);
            r.Step(10);
            Assert.AreEqual(0, s.Sent);
            Assert.AreEqual((int)MdnsState.Idle, (int)r.State);
        }

        [TestMethod]
        public void ProbesThreeTimesThenAnnouncesTwiceToTheGroup()
        {
            ScriptedSocket s = new ScriptedSocket();
            FixedAddress a = new FixedAddress();
            a.LocalAddress = Us;
            MdnsResponder r = new MdnsResponder(s, a, new MdnsConfig(), 7);
            long t = r.Step(0);
            Assert.IsTrue(t >= 0 && t <= 250, "RFC 6762 §8.1: first probe after 0-250 ms");
            r.Step(t);
            Assert.AreEqual(1, r.ProbesSent);
            Assert.AreEqual(MdnsResponder.Group, s.LastSentTo);
            Assert.AreEqual(MdnsResponder.Port, s.LastSentPort);
            DnsPacket d = ParseSent(s);
            Assert.IsFalse(d.IsResponse);
            Assert.AreEqual(2, d.QuestionCount);
            Assert.AreEqual(3, d.AuthorityCount);   // proposed A, SRV, TXT (§8.2)
            d.ReadQuestion(d.QuestionsOffset);
            Assert.IsTrue(d.NameMatches(d.NameOffset, Name("nanostack.local"), 0));
            Assert.AreEqual(DnsConst.TypeAny, d.Type);
            Assert.AreEqual((ushort)(DnsConst.ClassIn | DnsConst.ClassTopBit), d.Class); // QU on the first probe
            Assert.AreEqual(t + 250, r.Step(t + 1));
            r.Step(t + 250);
            r.Step(t + 500);
            Assert.AreEqual(3, r.ProbesSent);
            Assert.AreEqual(0, r.AnnouncementsSent);
            r.Step(t + 750);
            Assert.AreEqual(1, r.AnnouncementsSent);
            d = ParseSent(s);
            Assert.IsTrue(d.IsResponse);
            Assert.AreEqual((ushort)(DnsConst.FlagResponse | DnsConst.FlagAuthoritative), d.Flags);
            Assert.AreEqual(5, d.AnswerCount);      // A, services PTR, PTR, SRV, TXT
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            Assert.AreEqual((ushort)(DnsConst.ClassIn | DnsConst.ClassTopBit), d.Class); // cache-flush (§10.2)
            Assert.AreEqual(120u, d.Ttl);
            Assert.AreEqual(Us, d.DataAsAddress);
            r.Step(t + 1749);
            Assert.AreEqual(1, r.AnnouncementsSent);
            r.Step(t + 1750);
            Assert.AreEqual(2, r.AnnouncementsSent);
            Assert.AreEqual((int)MdnsState.Running, (int)r.State);
        }

        [TestMethod]
        public void DigQueryForNanostackLocalGetsALegacyUnicastAnswer()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] q = CapturedDns.MdnsQueryNanostackLocal;
            Ask(s, r, q, DigPort, 5000);
            // RFC 6762 §6.7: dig's source port is not 5353: unicast reply, id and question echoed, TTL ≤ 10 s.
            Assert.AreEqual(Peer, s.LastSentTo);
            Assert.AreEqual(DigPort, s.LastSentPort);
            DnsPacket d = ParseSent(s);
            Assert.AreEqual((int)((q[0] << 8) | q[1]), (int)d.Id);
            Assert.IsTrue(d.IsResponse);
            Assert.AreEqual(1, d.QuestionCount);
            d.ReadQuestion(d.QuestionsOffset);
            Assert.IsTrue(d.NameMatches(d.NameOffset, Name("nanostack.local"), 0));
            Assert.AreEqual(1, d.AnswerCount);
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypeA, d.Type);
            Assert.AreEqual(DnsConst.ClassIn, d.Class);   // no cache-flush bit in legacy unicast
            Assert.AreEqual(10u, d.Ttl);
            Assert.AreEqual(Us, d.DataAsAddress);
        }

        [TestMethod]
        public void DigBrowseForHttpGetsThePtrWithSrvTxtAndAddressAsAdditionals()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] q = CapturedDns.MdnsQueryHttpTcp;
            Ask(s, r, q, DigPort, 5000);
            DnsPacket d = ParseSent(s);
            Assert.AreEqual(1, d.AnswerCount);
            Assert.AreEqual(3, d.AdditionalCount);
            int p = d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypePtr, d.Type);
            Assert.IsTrue(d.NameMatches(d.NameOffset, Name("_http._tcp.local"), 0));
            Assert.IsTrue(DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset, Name("nanostack._http._tcp.local"), 0));
            int seen = 0;
            for (int i = 0; i < 3; i++)
            {
                p = d.ReadRecord(p);
                if (d.Type == DnsConst.TypeSrv)
                {
                    seen |= 1;
                    Assert.AreEqual(80, (d.Buffer[d.DataOffset + 4] << 8) | d.Buffer[d.DataOffset + 5]);
                    Assert.IsTrue(DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset + 6, Name("nanostack.local"), 0));
                }
                else if (d.Type == DnsConst.TypeTxt)
                {
                    seen |= 2;
                    Assert.AreEqual(7, d.DataLength);          // "\x06path=/"
                    Assert.AreEqual((byte)6, d.Buffer[d.DataOffset]);
                }
                else if (d.Type == DnsConst.TypeA)
                {
                    seen |= 4;
                    Assert.AreEqual(Us, d.DataAsAddress);
                }
            }
            Assert.AreEqual(7, seen);
        }

        [TestMethod]
        public void ServiceEnumerationListsTheHttpServiceType()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] q = CapturedDns.MdnsQueryServices;
            Ask(s, r, q, DigPort, 5000);
            DnsPacket d = ParseSent(s);
            Assert.AreEqual(1, d.AnswerCount);
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(DnsConst.TypePtr, d.Type);
            Assert.IsTrue(DnsName.Matches(d.Buffer, d.Offset, d.End, d.DataOffset, Name("_http._tcp.local"), 0));
        }

        [TestMethod]
        public void MulticastQueryFromPort5353IsAnsweredToTheGroupWithCacheFlush()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] q = Query("nanostack.local", DnsConst.TypeA, DnsConst.ClassIn);
            Ask(s, r, q, MdnsResponder.Port, 5000);
            Assert.AreEqual(MdnsResponder.Group, s.LastSentTo);
            DnsPacket d = ParseSent(s);
            Assert.AreEqual(0, (int)d.Id);
            Assert.AreEqual(0, d.QuestionCount);
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual((ushort)(DnsConst.ClassIn | DnsConst.ClassTopBit), d.Class);
            Assert.AreEqual(120u, d.Ttl);
        }

        [TestMethod]
        public void QuestionWithUnicastBitIsAnsweredToTheAsker()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] q = Query("NanoStack.local", DnsConst.TypeA, DnsConst.ClassIn | DnsConst.ClassTopBit);
            Ask(s, r, q, MdnsResponder.Port, 5000);
            Assert.AreEqual(Peer, s.LastSentTo);
            Assert.AreEqual(MdnsResponder.Port, s.LastSentPort);
        }

        [TestMethod]
        public void QueryForSomeoneElseIsIgnored()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            int sent = s.Sent;
            byte[] q = Query("printer.local", DnsConst.TypeA, DnsConst.ClassIn);
            Ask(s, r, q, MdnsResponder.Port, 5000);
            Assert.AreEqual(sent, s.Sent);
        }

        [TestMethod]
        public void KnownAnswerInTheQuerySuppressesOurPtr()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            int sent = s.Sent;
            byte[] q = new byte[200];
            byte[] type = Name("_http._tcp.local");
            byte[] instance = Name("nanostack._http._tcp.local");
            int p = DnsPacket.EmitHeader(q, 0, 0, 0, 1, 1, 0, 0);
            p = DnsPacket.EmitName(q, p, type, 0, 18);
            p = DnsPacket.EmitQuestionTail(q, p, DnsConst.TypePtr, DnsConst.ClassIn);
            p = DnsPacket.EmitPointer(q, p, 12);  // the answer's owner name compressed to the question's
            p = DnsPacket.EmitRecordTail(q, p, DnsConst.TypePtr, DnsConst.ClassIn, 4000, 28);
            p = DnsPacket.EmitName(q, p, instance, 0, 28);
            s.Deliver(q, p, Peer, MdnsResponder.Port, MdnsResponder.Group, 5000);
            r.Step(5000);
            Assert.AreEqual(sent, s.Sent);
            Assert.AreEqual(1, r.KnownAnswerSuppressions);
        }

        [TestMethod]
        public void AnotherHostsAnswerForOurNameWhileProbingRenamesUsToNanostack2()
        {
            ScriptedSocket s = new ScriptedSocket();
            FixedAddress a = new FixedAddress();
            a.LocalAddress = Us;
            MdnsResponder r = new MdnsResponder(s, a, new MdnsConfig(), 7);
            long t = r.Step(0);
            r.Step(t);
            byte[] m = new byte[100];
            int p = DnsPacket.EmitHeader(m, 0, 0, DnsConst.FlagResponse | DnsConst.FlagAuthoritative, 0, 1, 0, 0);
            p = DnsPacket.EmitName(m, p, Name("nanostack.local"), 0, 17);
            p = DnsPacket.EmitRecordTail(m, p, DnsConst.TypeA, DnsConst.ClassIn | DnsConst.ClassTopBit, 120, 4);
            p = DnsPacket.EmitUInt32(m, p, 0xC0000263);
            s.Deliver(m, p, 0xC0000263, MdnsResponder.Port, MdnsResponder.Group, t + 10);
            r.Step(t + 10);
            Assert.AreEqual(1, r.Conflicts);
            Assert.AreEqual("nanostack-2", r.HostLabel);
            Assert.AreEqual((int)MdnsState.Probing, (int)r.State);
            for (long u = t + 10; u < t + 4000; u += 50) r.Step(u);
            Assert.AreEqual((int)MdnsState.Running, (int)r.State);
            byte[] q = Query("nanostack-2.local", DnsConst.TypeA, DnsConst.ClassIn);
            s.Deliver(q, q.Length, Peer, DigPort, MdnsResponder.Group, t + 5000);
            r.Step(t + 5000);
            Assert.AreEqual(Peer, s.LastSentTo);
        }

        [TestMethod]
        public void OurOwnAnnouncementHeardBackIsNotAConflict()
        {
            ScriptedSocket s = new ScriptedSocket();
            MdnsResponder r = Running(s);
            byte[] own = new byte[s.LastSentLength];
            System.Array.Copy(s.LastSent, own, own.Length);
            s.Deliver(own, own.Length, Us, MdnsResponder.Port, MdnsResponder.Group, 5000);
            r.Step(5000);
            Assert.AreEqual(0, r.Conflicts);
            Assert.AreEqual("nanostack", r.HostLabel);
        }

        [TestMethod]
        public void NewAddressIsProbedAndAnnouncedAgain()
        {
            ScriptedSocket s = new ScriptedSocket();
            FixedAddress a = new FixedAddress();
            a.LocalAddress = Us;
            MdnsResponder r = Start(s, a);
            a.LocalAddress = 0xC0000296;
            r.Step(5000);
            Assert.AreEqual((int)MdnsState.Probing, (int)r.State);
            for (long t = 5000; t < 9000; t += 50) r.Step(t);
            DnsPacket d = ParseSent(s);
            d.ReadRecord(d.AnswersOffset);
            Assert.AreEqual(0xC0000296u, d.DataAsAddress);
        }

        private static byte[] Query(string name, ushort type, int cls)
        {
            byte[] q = new byte[100];
            int p = DnsPacket.EmitHeader(q, 0, 0, 0, 1, 0, 0, 0);
            p += DnsName.Encode(name, q, p);
            p = DnsPacket.EmitQuestionTail(q, p, type, (ushort)cls);
            byte[] b = new byte[p];
            System.Array.Copy(q, b, p);
            return b;
        }
    }

    /// <summary>Stands in for the interface: the address, and a transmit buffer the responder builds its messages in.</summary>
    public sealed class FixedAddress : IIpv4Output
    {
        private readonly byte[] _buffer = new byte[14 + 20 + 1480];

        public uint LocalAddress { get; set; }
        public byte[] PayloadBuffer { get { return _buffer; } }
        public int PayloadOffset { get { return 14 + 20; } }
        public int PayloadCapacity { get { return 1480; } }

        public SendResult Send(uint destination, byte protocol, int payloadLength, long nowMs)
        {
            return SendResult.NoRoute;
        }

        public SendResult SendDatagram(uint destination, byte protocol, int headerLength, byte[] data, int offset, int length, byte ttl, long nowMs)
        {
            return SendResult.NoRoute;
        }

        public void Drop(DropReason reason) { }

        public void SendUnreachable(byte code, long nowMs) { }
    }
}

using nanoFramework.TestFramework;
using NanoStack.Sockets.Tcp;

namespace NanoStack.Tests.Tcp
{
    /// <summary>
    /// TcpConfig.Validate at every bound it states: the bound itself is accepted and one step past it is rejected
    /// with the message that names the setting (RFC 9293 §3.1: 16-bit windows without scaling, so buffers of at most
    /// 65,535 bytes; an MSS that fits a 65,535-byte datagram; RtoEstimator's 21-bit bounds; RFC 6056 port ranges).
    /// Added from surviving mutants (issue 18, docs/mutation.md).
    /// </summary>
    [TestClass]
    public class ConfigTests
    {
        private const string Message0 = "MaxConnections must be at least 1 and MaxListeners at least 0";
        private const string Message1 = "Backlog must be at least 0";
        private const string Message2 = "ReceiveBufferSize and SendBufferSize must be 1..65535";
        private const string Message3 = "MaxReceiveGaps and Mss must be >= 0 (Mss <= 65495), MinPeerMss >= 1";
        private const string Message4 = "RTO bounds must satisfy 1 <= MinRtoMs <= MaxRtoMs <= 2097151, 1 <= InitialRtoMs <= 2097151, MaxRetransmits >= 1";
        private const string Message5 = "TCP timers must be >= 0 (KeepAliveIntervalMs, KeepAliveProbes >= 1)";
        private const string Message6 = "EphemeralPortFirst..EphemeralPortLast must be a range inside 1..65535";

        private static void Accepts(TcpConfig c, string what)
        {
            // Validate only: a stack with 64 KiB rings would not fit a device's heap.
            string thrown = null;
            try
            {
                c.Validate();
            }
            catch (System.ArgumentException e)
            {
                thrown = e.Message;
            }

            Assert.IsNull(thrown, what);
        }

        private static void Rejects(TcpConfig c, string message, string what)
        {
            string thrown = null;
            try
            {
                c.Validate();
            }
            catch (System.ArgumentException e)
            {
                thrown = e.Message;
            }

            Assert.AreEqual(message, thrown, what);
        }

        [TestMethod]
        public void EveryBoundIsAcceptedAndOneStepPastItRejected()
        {
            TcpConfig c = new TcpConfig();
            Accepts(c, "defaults");
            c = new TcpConfig();
            c.MaxConnections = 1;
            Accepts(c, "MaxConnections = 1");
            c = new TcpConfig();
            c.MaxConnections = 0;
            Rejects(c, Message0, "MaxConnections = 0");
            c = new TcpConfig();
            c.MaxListeners = 0;
            Accepts(c, "MaxListeners = 0");
            c = new TcpConfig();
            c.MaxListeners = -1;
            Rejects(c, Message0, "MaxListeners = -1");
            c = new TcpConfig();
            c.Backlog = 0;
            Accepts(c, "Backlog = 0");
            c = new TcpConfig();
            c.Backlog = -1;
            Rejects(c, Message1, "Backlog = -1");
            c = new TcpConfig();
            c.ReceiveBufferSize = 1;
            Accepts(c, "ReceiveBufferSize = 1");
            c = new TcpConfig();
            c.ReceiveBufferSize = 65535;
            Accepts(c, "ReceiveBufferSize = 65535");
            c = new TcpConfig();
            c.ReceiveBufferSize = 0;
            Rejects(c, Message2, "ReceiveBufferSize = 0");
            c = new TcpConfig();
            c.ReceiveBufferSize = 65536;
            Rejects(c, Message2, "ReceiveBufferSize = 65536");
            c = new TcpConfig();
            c.SendBufferSize = 1;
            Accepts(c, "SendBufferSize = 1");
            c = new TcpConfig();
            c.SendBufferSize = 65535;
            Accepts(c, "SendBufferSize = 65535");
            c = new TcpConfig();
            c.SendBufferSize = 0;
            Rejects(c, Message2, "SendBufferSize = 0");
            c = new TcpConfig();
            c.SendBufferSize = 65536;
            Rejects(c, Message2, "SendBufferSize = 65536");
            c = new TcpConfig();
            c.MaxReceiveGaps = 0;
            Accepts(c, "MaxReceiveGaps = 0");
            c = new TcpConfig();
            c.MaxReceiveGaps = -1;
            Rejects(c, Message3, "MaxReceiveGaps = -1");
            c = new TcpConfig();
            c.Mss = 0;
            Accepts(c, "Mss = 0");
            c = new TcpConfig();
            c.Mss = 65495;
            Accepts(c, "Mss = 65495");
            c = new TcpConfig();
            c.Mss = -1;
            Rejects(c, Message3, "Mss = -1");
            c = new TcpConfig();
            c.Mss = 65496;
            Rejects(c, Message3, "Mss = 65496");
            c = new TcpConfig();
            c.MinPeerMss = 1;
            Accepts(c, "MinPeerMss = 1");
            c = new TcpConfig();
            c.MinPeerMss = 0;
            Rejects(c, Message3, "MinPeerMss = 0");
            c = new TcpConfig();
            c.MinRtoMs = 1;
            Accepts(c, "MinRtoMs = 1");
            c = new TcpConfig();
            c.MinRtoMs = 0;
            Rejects(c, Message4, "MinRtoMs = 0");
            c = new TcpConfig();
            c.MaxRtoMs = 50;
            Accepts(c, "MaxRtoMs = 50");
            c = new TcpConfig();
            c.MaxRtoMs = 2097151;
            Accepts(c, "MaxRtoMs = 2097151");
            c = new TcpConfig();
            c.MaxRtoMs = 49;
            Rejects(c, Message4, "MaxRtoMs = 49");
            c = new TcpConfig();
            c.MaxRtoMs = 2097152;
            Rejects(c, Message4, "MaxRtoMs = 2097152");
            c = new TcpConfig();
            c.InitialRtoMs = 1;
            Accepts(c, "InitialRtoMs = 1");
            c = new TcpConfig();
            c.InitialRtoMs = 2097151;
            Accepts(c, "InitialRtoMs = 2097151");
            c = new TcpConfig();
            c.InitialRtoMs = 0;
            Rejects(c, Message4, "InitialRtoMs = 0");
            c = new TcpConfig();
            c.InitialRtoMs = 2097152;
            Rejects(c, Message4, "InitialRtoMs = 2097152");
            c = new TcpConfig();
            c.MaxRetransmits = 1;
            Accepts(c, "MaxRetransmits = 1");
            c = new TcpConfig();
            c.MaxRetransmits = 0;
            Rejects(c, Message4, "MaxRetransmits = 0");
            c = new TcpConfig();
            c.MaxSynRetries = 0;
            Accepts(c, "MaxSynRetries = 0");
            c = new TcpConfig();
            c.MaxSynRetries = -1;
            Rejects(c, Message4, "MaxSynRetries = -1");
            c = new TcpConfig();
            c.MaxPersistMs = 1;
            Accepts(c, "MaxPersistMs = 1");
            c = new TcpConfig();
            c.MaxPersistMs = 0;
            Rejects(c, Message4, "MaxPersistMs = 0");
            c = new TcpConfig();
            c.WorstCaseDelayedAckMs = 0;
            Accepts(c, "WorstCaseDelayedAckMs = 0");
            c = new TcpConfig();
            c.WorstCaseDelayedAckMs = -1;
            Rejects(c, Message4, "WorstCaseDelayedAckMs = -1");
            c = new TcpConfig();
            c.DelayedAckMs = 0;
            Accepts(c, "DelayedAckMs = 0");
            c = new TcpConfig();
            c.DelayedAckMs = -1;
            Rejects(c, Message5, "DelayedAckMs = -1");
            c = new TcpConfig();
            c.TimeWaitMs = 0;
            Accepts(c, "TimeWaitMs = 0");
            c = new TcpConfig();
            c.TimeWaitMs = -1;
            Rejects(c, Message5, "TimeWaitMs = -1");
            c = new TcpConfig();
            c.FinWait2TimeoutMs = 0;
            Accepts(c, "FinWait2TimeoutMs = 0");
            c = new TcpConfig();
            c.FinWait2TimeoutMs = -1;
            Rejects(c, Message5, "FinWait2TimeoutMs = -1");
            c = new TcpConfig();
            c.KeepAliveIdleMs = 0;
            Accepts(c, "KeepAliveIdleMs = 0");
            c = new TcpConfig();
            c.KeepAliveIdleMs = -1;
            Rejects(c, Message5, "KeepAliveIdleMs = -1");
            c = new TcpConfig();
            c.KeepAliveIntervalMs = 1;
            Accepts(c, "KeepAliveIntervalMs = 1");
            c = new TcpConfig();
            c.KeepAliveIntervalMs = 0;
            Rejects(c, Message5, "KeepAliveIntervalMs = 0");
            c = new TcpConfig();
            c.KeepAliveProbes = 1;
            Accepts(c, "KeepAliveProbes = 1");
            c = new TcpConfig();
            c.KeepAliveProbes = 0;
            Rejects(c, Message5, "KeepAliveProbes = 0");
            c = new TcpConfig();
            c.ChallengeAckPerSecond = 0;
            Accepts(c, "ChallengeAckPerSecond = 0");
            c = new TcpConfig();
            c.ChallengeAckPerSecond = -1;
            Rejects(c, Message5, "ChallengeAckPerSecond = -1");
            c = new TcpConfig();
            c.EphemeralPortFirst = 1;
            Accepts(c, "EphemeralPortFirst = 1");
            c = new TcpConfig();
            c.EphemeralPortFirst = 65535;
            Accepts(c, "EphemeralPortFirst = 65535"); // a range of one port
            c = new TcpConfig();
            c.EphemeralPortFirst = 0;
            Rejects(c, Message6, "EphemeralPortFirst = 0");
            c = new TcpConfig();
            c.EphemeralPortLast = 65535;
            Accepts(c, "EphemeralPortLast = 65535");
            c = new TcpConfig();
            c.EphemeralPortLast = 49152;
            Accepts(c, "EphemeralPortLast = 49152");
            c = new TcpConfig();
            c.EphemeralPortLast = 65536;
            Rejects(c, Message6, "EphemeralPortLast = 65536");
            c = new TcpConfig();
            c.EphemeralPortLast = 49151;
            Rejects(c, Message6, "EphemeralPortLast = 49151");
        }
    }
}

using nanoFramework.TestFramework;
using NanoStack.Iface;
using NanoStack.Phy;
using NanoStack.Scheduling;
using NanoStack.Tests.Wire;

namespace NanoStack.Tests.Iface
{
    /// <summary>
    /// The stack's one scheduler (issue 12): <c>NetworkStack.Poll(now)</c> runs the device's upkeep, the interface,
    /// the protocols and every task, and sends in the same round what a task queued.
    /// </summary>
    [TestClass]
    public class SchedulerTests
    {
        [TestMethod]
        public void DeviceUpkeepRunsOncePerPollBeforeFramesWithThePollsTime()
        {
            MemoryLink link = new MemoryLink(8, 1);
            MemoryLink peer = new MemoryLink(8);
            MemoryLink.Connect(link, peer);
            UpkeepLink device = new UpkeepLink(link);
            NetworkStack stack = new NetworkStack(device, TestNet.BoardConfig());
            TestNet.Inject(peer, CapturedFrames.ArpRequest);
            stack.Poll(40);
            Assert.AreEqual(1, device.Upkeeps);
            Assert.AreEqual(40L, device.LastUpkeepMs);
            Assert.IsTrue(device.UpkeepBeforeFirstReceive, "upkeep must run before the poll reads frames");
            stack.Poll(41);
            Assert.AreEqual(2, device.Upkeeps);
            Assert.AreEqual(41L, device.LastUpkeepMs);
        }

        [TestMethod]
        public void CaptureLinkPassesUpkeepToTheDeviceItWraps()
        {
            MemoryLink link = new MemoryLink(8, 1);
            UpkeepLink device = new UpkeepLink(link);
            CaptureLink capture = new CaptureLink(device, new CaptureRing(4096, 8, 128));
            NetworkStack stack = new NetworkStack(capture, TestNet.BoardConfig());
            stack.Poll(7);
            Assert.AreEqual(1, device.Upkeeps);
            Assert.AreEqual(7L, device.LastUpkeepMs);
            // A wrapped device without upkeep: nothing to pass on, nothing fails.
            new CaptureLink(new MemoryLink(8, 1), new CaptureRing(4096, 8, 128)).Upkeep(8);
        }

        [TestMethod]
        public void OutputATaskQueuedLeavesInTheSameRoundAndTheLoopMaySleep()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            PollCountingProtocol protocol = new PollCountingProtocol();
            stack.Register(protocol);
            stack.AddTask(new QueuingTask(null, null));
            long next = stack.Poll(100);
            // The protocols are polled a second time (their output, e.g. TCP segments from a send ring, leaves now),
            // and with no frame arriving meanwhile the deadline is the protocol's, not "now".
            Assert.AreEqual(2, protocol.Polls);
            Assert.AreEqual(400L, next);
        }

        [TestMethod]
        public void AFrameArrivingWhileATaskQueuedOutputAsksForAnotherRoundAtOnce()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            PollCountingProtocol protocol = new PollCountingProtocol();
            stack.Register(protocol);
            stack.AddTask(new QueuingTask(peer, CapturedFrames.ArpRequest));
            Assert.AreEqual(100L, stack.Poll(100));
            Assert.AreEqual(2, protocol.Polls);
        }

        [TestMethod]
        public void ATaskThatQueuedNothingCostsNoSecondRound()
        {
            MemoryLink peer;
            NetworkStack stack = TestNet.CreateStarted(TestNet.BoardConfig(), out peer);
            PollCountingProtocol protocol = new PollCountingProtocol();
            stack.Register(protocol);
            stack.AddTask(new CountingTask());
            Assert.AreEqual(400L, stack.Poll(100));
            Assert.AreEqual(1, protocol.Polls);
        }
    }

    /// <summary>A <see cref="MemoryLink"/> seen through a device that needs upkeep, recording when it gets it.</summary>
    internal sealed class UpkeepLink : ILinkDevice, ILinkUpkeep
    {
        private readonly MemoryLink _link;
        public int Upkeeps;
        public long LastUpkeepMs = -1;
        public bool UpkeepBeforeFirstReceive;
        private int _receives;

        public UpkeepLink(MemoryLink link)
        {
            _link = link;
        }

        public void Upkeep(long nowMs)
        {
            if (Upkeeps == 0)
            {
                UpkeepBeforeFirstReceive = _receives == 0;
            }
            Upkeeps++;
            LastUpkeepMs = nowMs;
        }

        public bool IsLinkUp { get { return _link.IsLinkUp; } }
        public int Receive() { _receives++; return _link.Receive(); }
        public byte[] ReceiveBuffer { get { return _link.ReceiveBuffer; } }
        public int ReceiveOffset { get { return _link.ReceiveOffset; } }
        public byte[] TransmitBuffer { get { return _link.TransmitBuffer; } }
        public int TransmitOffset { get { return _link.TransmitOffset; } }
        public int TransmitCapacity { get { return _link.TransmitCapacity; } }
        public bool Transmit(int length) { return _link.Transmit(length); }
    }

    /// <summary>A protocol that only counts its polls and is next due 300 ms later.</summary>
    internal sealed class PollCountingProtocol : IIpv4Protocol
    {
        public int Polls;

        public byte ProtocolNumber { get { return 253; } }

        public void Receive(IIpv4Output output, uint source, uint destination, byte[] buffer, int offset, int length, long nowMs)
        {
        }

        public long Poll(IIpv4Output output, long nowMs)
        {
            Polls++;
            return nowMs + 300;
        }
    }

    /// <summary>A task that "queued output" (returns now); it may also put a frame on the wire as if a peer answered.</summary>
    internal sealed class QueuingTask : IStackTask
    {
        private readonly MemoryLink _peer;
        private readonly byte[] _frame;

        public QueuingTask(MemoryLink peer, byte[] frame)
        {
            _peer = peer;
            _frame = frame;
        }

        public long Step(long nowMs)
        {
            if (_peer != null)
            {
                TestNet.Inject(_peer, _frame);
            }
            return nowMs;
        }
    }
}

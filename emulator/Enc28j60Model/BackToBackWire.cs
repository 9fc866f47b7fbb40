namespace NanoStack.Emulator
{
    /// <summary>
    /// A cable between two chip models: what one transmits, the other receives (and the link is up on both).
    /// Lets a driver on one model talk to a driver (or a test) on another without any host network.
    /// </summary>
    public sealed class BackToBackWire
    {
        private readonly End _a;
        private readonly End _b;

        public BackToBackWire(Enc28j60Chip a, Enc28j60Chip b)
        {
            _a = new End(b);
            _b = new End(a);
            a.WireSink = _a;
            b.WireSink = _b;
            a.SetLinkUp(true);
            b.SetLinkUp(true);
        }

        /// <summary>Frames carried from the first chip to the second.</summary>
        public int FramesAtoB
        {
            get { return _a.Count; }
        }

        /// <summary>Frames carried from the second chip to the first.</summary>
        public int FramesBtoA
        {
            get { return _b.Count; }
        }

        private sealed class End : IWireSink
        {
            private readonly Enc28j60Chip _peer;
            public int Count;

            public End(Enc28j60Chip peer)
            {
                _peer = peer;
            }

            public void FrameTransmitted(byte[] frame, int offset, int length)
            {
                Count++;
                _peer.ReceiveFromWire(frame, offset, length);
            }
        }
    }
}

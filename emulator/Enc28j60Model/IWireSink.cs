namespace NanoStack.Emulator
{
    /// <summary>The wire side of the chip: receives every frame the chip puts on the cable.</summary>
    public interface IWireSink
    {
        /// <summary>A transmitted Ethernet frame without preamble and without FCS (the FCS was valid).</summary>
        void FrameTransmitted(byte[] frame, int offset, int length);
    }

    /// <summary>
    /// Test hook on the receive wire: sees every incoming frame with its FCS appended (length includes the
    /// 4 FCS bytes) before the MAC does, and may corrupt any byte of it (e.g. flip an FCS bit).
    /// </summary>
    public interface IRxFaultHook
    {
        void BeforeReceive(byte[] frameWithFcs, int length);
    }

    /// <summary>Observer of every decoded SPI command (for init-trace tests). Kind is an SpiOpcode value.</summary>
    public interface ISpiObserver
    {
        void CommandDecoded(SpiOpcode opcode, int bank, int address, int value, int length);
    }

    /// <summary>Raised whenever the level of the (active-low) INT pin changes.</summary>
    public delegate void IntPinChangedHandler(bool asserted);
}

namespace NanoStack.Phy
{
    /// <summary>
    /// The seam between the stack and whatever moves Ethernet frames: the ENC28J60 driver, a Linux TAP
    /// link, an in-memory test link. Frames are Ethernet II without preamble and FCS.
    /// </summary>
    /// <remarks>
    /// The device owns both frame buffers so that a driver can place them where its bus wants them
    /// (the ENC28J60 driver reads a frame with one SPI transfer whose first byte is the opcode slot,
    /// so its frame starts at <see cref="ReceiveOffset"/> 1). The stack parses received frames in place
    /// and serialises outgoing frames straight into <see cref="TransmitBuffer"/>: no copy on either path.
    /// A received frame stays valid until the next <see cref="Receive"/> call; the transmit buffer may be
    /// reused as soon as <see cref="Transmit"/> returns.
    /// </remarks>
    public interface ILinkDevice
    {
        /// <summary>True while the physical link is up.</summary>
        bool IsLinkUp { get; }

        /// <summary>
        /// Takes the next received frame into <see cref="ReceiveBuffer"/> at <see cref="ReceiveOffset"/>.
        /// Returns its length in bytes (14..1514), or 0 when no frame is waiting. Never blocks.
        /// </summary>
        int Receive();

        byte[] ReceiveBuffer { get; }

        int ReceiveOffset { get; }

        byte[] TransmitBuffer { get; }

        int TransmitOffset { get; }

        /// <summary>Largest frame, in bytes without FCS, that <see cref="Transmit"/> accepts (1514 for Ethernet).</summary>
        int TransmitCapacity { get; }

        /// <summary>
        /// Sends the <paramref name="length"/> bytes the caller wrote at TransmitBuffer[TransmitOffset..].
        /// Returns false when the frame could not be handed to the wire (link down, device wedged); the
        /// frame is then dropped, as a real NIC would drop it.
        /// </summary>
        bool Transmit(int length);
    }
}

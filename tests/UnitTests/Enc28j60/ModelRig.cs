using NanoStack.Drivers.Enc28j60;
using NanoStack.Emulator;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>
    /// Glue between the driver and the chip model: every transport call is one <see cref="Enc28j60Chip.Transfer"/>
    /// (one chip-select assertion) and the driver's delays advance the model's virtual clock.
    /// </summary>
    public sealed class ModelBus : ISpiTransport, IDriverClock
    {
        private readonly Enc28j60Chip _chip;

        public ModelBus(Enc28j60Chip chip)
        {
            _chip = chip;
        }

        public void Write(byte[] buffer, int offset, int length)
        {
            _chip.Transfer(buffer, offset, null, 0, length);
        }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length)
        {
            _chip.Transfer(write, writeOffset, read, readOffset, length);
        }

        public long NowMicros { get { return _chip.NowMicros; } }

        public void DelayMicros(int us)
        {
            _chip.AdvanceMicros(us);
        }
    }

    /// <summary>Collects what the chip puts on the cable (copies, so the model may reuse its buffer).</summary>
    public sealed class WireCapture : IWireSink
    {
        public const int Capacity = 64;
        public readonly byte[][] Frames = new byte[Capacity][];
        public readonly int[] Lengths = new int[Capacity];
        public int Count;
        public int Total;

        public WireCapture()
        {
            for (int i = 0; i < Capacity; i++)
            {
                Frames[i] = new byte[1600];
            }
        }

        public void FrameTransmitted(byte[] frame, int offset, int length)
        {
            int slot = Count % Capacity;
            System.Array.Copy(frame, offset, Frames[slot], 0, length);
            Lengths[slot] = length;
            Count++;
            Total++;
        }

        public void Clear()
        {
            Count = 0;
        }
    }

    /// <summary>A driver on a chip model, with deterministic test frames.</summary>
    public sealed class ModelRig
    {
        public static readonly byte[] Mac = new byte[] { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x01 };
        public static readonly byte[] PeerMac = new byte[] { 0x02, 0x4E, 0x53, 0x00, 0x00, 0x02 };
        public const int EtherType = 0x88B5; // IEEE 802 local experimental

        public readonly Enc28j60Chip Chip;
        public readonly ModelBus Bus;
        public readonly WireCapture Wire = new WireCapture();
        public readonly Enc28j60Driver Driver;
        public readonly byte[] Scratch = new byte[1600];

        public ModelRig(ChipRevision revision, Enc28j60Options options)
        {
            Chip = new Enc28j60Chip(revision);
            Chip.WireSink = Wire;
            Bus = new ModelBus(Chip);
            Driver = new Enc28j60Driver(Bus, Bus, options == null ? new Enc28j60Options() : options);
        }

        public static ModelRig Started()
        {
            ModelRig rig = new ModelRig(ChipRevision.B7, null);
            rig.Driver.Initialize(Mac);
            return rig;
        }

        /// <summary>A B7 chip and a driver initialised in interrupt mode (INT pin drives reception).</summary>
        public static ModelRig StartedInInterruptMode()
        {
            Enc28j60Options options = new Enc28j60Options();
            options.InterruptMode = true;
            ModelRig rig = new ModelRig(ChipRevision.B7, options);
            rig.Driver.Initialize(Mac);
            return rig;
        }

        /// <summary>
        /// Test frame: to us from the peer, EtherType 0x88B5, payload = 2-byte sequence number then a pattern
        /// that depends on sequence and position, so a byte from another frame or a shifted copy is detected.
        /// </summary>
        public static void Fill(byte[] buffer, int offset, int length, int seq, byte[] destination, byte[] source)
        {
            for (int i = 0; i < 6; i++)
            {
                buffer[offset + i] = destination[i];
                buffer[offset + 6 + i] = source[i];
            }

            buffer[offset + 12] = (byte)(EtherType >> 8);
            buffer[offset + 13] = (byte)(EtherType & 0xFF);
            if (length > 14)
            {
                buffer[offset + 14] = (byte)(seq >> 8);
            }

            if (length > 15)
            {
                buffer[offset + 15] = (byte)seq;
            }

            for (int i = 16; i < length; i++)
            {
                buffer[offset + i] = (byte)(seq * 31 + i * 7 + (i >> 8));
            }
        }

        /// <summary>True when buffer holds exactly the frame <see cref="Fill"/> makes for (length, seq).</summary>
        public static bool Matches(byte[] buffer, int offset, int length, int seq, byte[] destination, byte[] source)
        {
            byte[] expected = new byte[length];
            Fill(expected, 0, length, seq, destination, source);
            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Puts a test frame addressed to us on the cable.</summary>
        public void Inject(int length, int seq)
        {
            Fill(Scratch, 0, length, seq, Mac, PeerMac);
            Chip.ReceiveFromWire(Scratch, 0, length);
        }

        /// <summary>Clears RSV bit 23, Received OK (DS Table 7-3), of the frame whose header is at FIFO address
        /// <paramref name="header"/>: as the chip keeps a frame with a CRC or symbol error when CRCEN is off.</summary>
        public void MarkNotReceivedOk(int header)
        {
            Chip.Memory[header + 4] &= 0x7F;
        }

        /// <summary>Receives one frame and checks it is test frame (length, seq).</summary>
        public bool ReceiveExpect(int length, int seq)
        {
            int n = Driver.Receive();
            return n == length && Matches(Driver.ReceiveBuffer, Driver.ReceiveOffset, length, seq, Mac, PeerMac);
        }

        /// <summary>Writes test frame (length, seq) from us to the peer into the transmit buffer and sends it.</summary>
        public bool Send(int length, int seq)
        {
            Fill(Driver.TransmitBuffer, Driver.TransmitOffset, length, seq, PeerMac, Mac);
            return Driver.Transmit(length);
        }

        /// <summary>Runs 1 ms steps until the driver has no frame in flight (retries included); at most 100 ms.</summary>
        public void Flush()
        {
            for (int i = 0; i < 100 && Driver.TransmitPending; i++)
            {
                Run(1000);
            }
        }

        /// <summary>Lets virtual time pass (wire activity completes) and lets the driver poll.</summary>
        public void Run(int micros)
        {
            Chip.AdvanceMicros(micros);
            Driver.Poll(Chip.NowMicros / 1000);
        }
    }
}

using System;
using nanoFramework.TestFramework;
using NanoStack.Drivers.Enc28j60;

namespace NanoStack.Tests.Enc28j60
{
    /// <summary>A bus with nothing on it: MISO stuck at one level, as with a missing or unpowered module.</summary>
    internal sealed class DeadBus : ISpiTransport, IDriverClock
    {
        public byte Level;
        public long Now;
        public int Transfers; // chip-select assertions asked for

        public void Write(byte[] buffer, int offset, int length)
        {
            Transfers++;
        }

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int length)
        {
            Transfers++;
            for (int i = 0; i < length; i++)
            {
                read[readOffset + i] = Level;
            }
        }

        public long NowMicros { get { return Now; } }

        public void DelayMicros(int us)
        {
            Now += us;
        }
    }

    [TestClass]
    public class NoChipTests
    {
        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0xFF)]
        public void InitializeThrowsClearExceptionWhenNoChipAnswers(int level)
        {
            DeadBus bus = new DeadBus();
            bus.Level = (byte)level;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            Assert.ThrowsException(typeof(Enc28j60NotFoundException), () => driver.Initialize(new byte[] { 2, 0, 0, 0, 0, 1 }));
            Assert.IsFalse(driver.IsInitialized);
        }

        [TestMethod]
        public void NotFoundMessageNamesTheRegisterValueAndTheWiring()
        {
            DeadBus bus = new DeadBus();
            bus.Level = 0xFF;
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            string message = null;
            try
            {
                driver.Initialize(new byte[] { 2, 0, 0, 0, 0, 1 });
            }
            catch (Enc28j60NotFoundException e)
            {
                message = e.Message;
            }

            Assert.IsNotNull(message);
            Assert.IsTrue(message.IndexOf("EREVID read 0xFF") >= 0);
            Assert.IsTrue(message.IndexOf("wiring") >= 0);
        }

        [TestMethod]
        public void AGroupAddedBeforeInitializeWritesNoRegister()
        {
            // The hash table is kept in the driver and written by Initialize (DS §8.3); before it there is no
            // configured chip to write EHT0..7 to.
            DeadBus bus = new DeadBus();
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            driver.AddMulticastAddress(new byte[] { 0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB }, 0);
            Assert.AreEqual(0, bus.Transfers);
        }

        [TestMethod]
        public void UninitializedDriverReceivesNothingAndRefusesToSend()
        {
            DeadBus bus = new DeadBus();
            Enc28j60Driver driver = new Enc28j60Driver(bus, bus, new Enc28j60Options());
            Assert.AreEqual(0, driver.Receive());
            Assert.IsFalse(driver.Transmit(60));
            Assert.AreEqual(1, driver.Counters.TxDropped);
            Assert.AreEqual(0, bus.Transfers, "no SPI transaction before Initialize");
        }
    }

    [TestClass]
    public class MulticastHashTests
    {
        // Independent formulation: the reflected Ethernet CRC-32 (0xEDB88320, LSb-first register, no final
        // inversion) is the bit-reverse of the MSb-first register; bits 28:23 of the latter are bits 3:8 of it.
        private static int ReferenceIndex(byte[] mac)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = 0; i < 6; i++)
            {
                crc ^= mac[i];
                for (int b = 0; b < 8; b++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            uint reversed = 0;
            for (int b = 0; b < 32; b++)
            {
                if ((crc & (1u << b)) != 0)
                {
                    reversed |= 1u << (31 - b);
                }
            }

            return (int)((reversed >> 23) & 0x3F);
        }

        [TestMethod]
        [DataRow(0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB)]
        [DataRow(0x01, 0x00, 0x5E, 0x00, 0x00, 0x01)]
        [DataRow(0x33, 0x33, 0x00, 0x00, 0x00, 0x01)]
        [DataRow(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)]
        public void HashIndexMatchesTheEthernetCrc(int a, int b, int c, int d, int e, int f)
        {
            byte[] mac = new byte[] { (byte)a, (byte)b, (byte)c, (byte)d, (byte)e, (byte)f };
            int index = MulticastHash.Index(mac, 0);
            Assert.IsTrue(index >= 0 && index < 64);
            Assert.AreEqual(ReferenceIndex(mac), index);
        }
    }
}

using System;
using FsCheck;
using FsCheck.Fluent;
using NanoStack.Emulator;
using Xunit;

namespace NanoStack.HostTests.Enc28j60Model;

/// <summary>
/// Whatever a (broken) driver clocks into the chip and whatever arrives on the cable, the model never throws
/// (strict mode off), never lets a bank-0 pointer (ERDPT..EDMADST; EDMACS is a checksum) leave the 13-bit
/// address space, and keeps EPKTCNT within 0..255.
/// </summary>
public class SpiFuzzTests
{
    private static readonly Config Cfg = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static Arbitrary<(byte[] Bytes, int Kind)[]> Scripts() =>
        Gen.ArrayOf(
            Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
                .SelectMany(b => Gen.Choose(0, 9).Select(k => (b, k))))
        .ToArbitrary();

    [Fact]
    public void ArbitraryTransfersAndFramesNeverBreakTheModel()
    {
        Check.One(Cfg, Prop.ForAll(Scripts(), script =>
        {
            var chip = new Enc28j60Chip(ChipRevision.B7, (uint)script.Length + 1);
            chip.Strict.Enabled = false;
            chip.WireSink = null;
            var miso = new byte[64];
            var frame = new byte[1600];
            foreach (var (bytes, kind) in script)
            {
                switch (kind)
                {
                    case 0:
                        chip.AdvanceMicros(bytes[0] * 10);
                        break;
                    case 1:
                        int n = 14 + bytes.Length * 37;
                        for (int i = 0; i < n; i++) frame[i] = bytes[i % bytes.Length];
                        chip.ReceiveFromWire(frame, 0, n);
                        break;
                    case 2:
                        chip.SetLinkUp((bytes[0] & 1) != 0);
                        break;
                    case 3:
                        chip.RxWireTiming = (bytes[0] & 1) != 0;
                        break;
                    default:
                        chip.Transfer(bytes, 0, kind == 4 ? null : miso, 0, bytes.Length);
                        break;
                }
                for (int high = 1; high < 0x16; high += 2) Assert.InRange(chip.PeekRegister(0, high), 0, 0x1F);
                Assert.InRange(chip.PacketCount, 0, 255);
            }
        }));
    }
}

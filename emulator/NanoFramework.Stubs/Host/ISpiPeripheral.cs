namespace NanoFramework.Host
{
    /// <summary>
    /// A chip on a host SPI bus. One call = one chip-select assertion: CS goes active, <paramref name="length"/>
    /// bytes are clocked (byte i of MOSI out while byte i of MISO comes in), CS goes inactive. <paramref name="miso"/>
    /// may be null (the caller discards what the chip sends). Host-only: not part of any nanoFramework assembly.
    /// </summary>
    public interface ISpiPeripheral
    {
        void Transfer(byte[] mosi, int mosiOffset, byte[] miso, int misoOffset, int length);
    }

    /// <summary>Raised on every write to a GPIO pin in an output mode (also when the level does not change).</summary>
    public delegate void PinWrittenHandler(int pin, bool high);
}

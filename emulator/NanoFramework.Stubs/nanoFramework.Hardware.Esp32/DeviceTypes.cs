namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Stand-in for nanoFramework.Hardware.Esp32.DeviceTypes 1.6.x (the high word of a DeviceFunction).</summary>
    public enum DeviceTypes
    {
        GPIO = 0,
        SPI = 0x10000,
        I2C = 0x20000,
        SERIAL = 0x30000,
        PWM = 0x40000,
        ADC = 0x50000,
        I2S = 0x60000,
        SDMMC = 0x80000,
    }
}

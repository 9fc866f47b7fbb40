// Stand-in for nanoFramework.Hardware.Esp32.Gpio 1.6.x: the ESP32 GPIO numbers as constants (generated from the API list).
namespace nanoFramework.Hardware.Esp32
{
    public static class Gpio
    {
        public const int IO00 = 0;
        public const int IO01 = 1;
        public const int IO02 = 2;
        public const int IO03 = 3;
        public const int IO04 = 4;
        public const int IO05 = 5;
        public const int IO06 = 6;
        public const int IO07 = 7;
        public const int IO08 = 8;
        public const int IO09 = 9;
        public const int IO10 = 10;
        public const int IO11 = 11;
        public const int IO12 = 12;
        public const int IO13 = 13;
        public const int IO14 = 14;
        public const int IO15 = 15;
        public const int IO16 = 16;
        public const int IO17 = 17;
        public const int IO18 = 18;
        public const int IO19 = 19;
        public const int IO20 = 20;
        public const int IO21 = 21;
        public const int IO22 = 22;
        public const int IO23 = 23;
        public const int IO24 = 24;
        public const int IO25 = 25;
        public const int IO26 = 26;
        public const int IO27 = 27;
        public const int IO28 = 28;
        public const int IO29 = 29;
        public const int IO30 = 30;
        public const int IO31 = 31;
        public const int IO32 = 32;
        public const int IO33 = 33;
        public const int IO34 = 34;
        public const int IO35 = 35;
        public const int IO36 = 36;
        public const int IO37 = 37;
        public const int IO38 = 38;
        public const int IO39 = 39;
    }
}

using System;

namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>
    /// Thrown by <see cref="Enc28j60Driver.Initialize"/> when no chip answers: EREVID reads 0x00 (MISO held
    /// low / no power) or 0xFF (MISO floating / CS not wired), the values Linux and NuttX treat as "absent".
    /// </summary>
    public class Enc28j60NotFoundException : Exception
    {
        public Enc28j60NotFoundException(string message) : base(message)
        {
        }
    }
}

namespace nanoFramework.Runtime.Events
{
    /// <summary>Stand-in for nanoFramework.Runtime.Events.BaseEvent 1.11.x (two public fields, as on the device).</summary>
    public class BaseEvent
    {
        public ushort Source;
        public byte Message;
    }
}

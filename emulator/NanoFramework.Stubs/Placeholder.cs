namespace System.Device
{
}

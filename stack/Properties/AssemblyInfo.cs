using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NanoStack")]
[assembly: AssemblyDescription("nanoStack: a managed TCP/IP stack for .NET nanoFramework")]
[assembly: AssemblyProduct("nanoStack")]
[assembly: AssemblyCopyright("Copyright (c) 2026 the nanoStack authors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]

// The portable unit tests (NFUnitTest, host and device) put a socket into states no correct socket reaches, to
// show that TcpSocket.CheckInvariants reports each broken invariant (issue 18). No other assembly sees internals.
[assembly: InternalsVisibleTo("NFUnitTest")]

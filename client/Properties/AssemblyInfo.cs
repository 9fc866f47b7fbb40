using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NanoStack.Client")]
[assembly: AssemblyDescription("nanoStack: blocking sockets, ping and an HTTP client over the nanoStack poll loop")]
[assembly: AssemblyProduct("nanoStack")]
[assembly: AssemblyCopyright("Copyright (c) 2026 the nanoStack authors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]

using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("NanoStack.Http")]
[assembly: AssemblyDescription("nanoStack: a small HTTP/1.1 server over the nanoStack TCP sockets")]
[assembly: AssemblyProduct("nanoStack")]
[assembly: AssemblyCopyright("Copyright (c) 2026 the nanoStack authors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]

using System;
using System.Collections.Generic;
using NanoStack.Tools.NfGuard;

namespace NanoStack.HostTests.Foundation
{
    /// <summary>
    /// One <see cref="DeviceCompiler"/> for the test run (the stand-in references are compiled once), and the device
    /// builds of the whole solution per configuration, made on first use and shared by the tests that read them.
    /// </summary>
    public static class DeviceBuildFixture
    {
        private static readonly Lazy<DeviceCompiler> Shared = new Lazy<DeviceCompiler>(() => new DeviceCompiler(Repo.Root));
        private static readonly Lazy<List<DeviceAssembly>> ReleaseBuild = new Lazy<List<DeviceAssembly>>(() => Compiler.CompileSolution(debug: false));
        private static readonly Lazy<List<DeviceAssembly>> DebugBuild = new Lazy<List<DeviceAssembly>>(() => Compiler.CompileSolution(debug: true));

        public static DeviceCompiler Compiler => Shared.Value;

        public static List<DeviceAssembly> Solution(bool debug) => debug ? DebugBuild.Value : ReleaseBuild.Value;
    }
}

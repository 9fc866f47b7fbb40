// Host-only: compiled into the host build of NFUnitTest (linked from emulator/NanoFramework.TestFramework.Host),
// never into the .nfproj. Exposes every nanoFramework.TestFramework test to xUnit, one xUnit case per
// [TestMethod] and per [DataRow], and runs them the way the device launcher does: [Setup] once per
// class before its first test, [Cleanup] once at the end, and no reliance on instance state.
using System;
using System.Collections.Generic;
using System.Reflection;
using nanoFramework.TestFramework;
using Xunit;

namespace NanoStack.Tests.HostAdapter
{
    public sealed class PortableTests
    {
        private static readonly object Gate = new object();
        private static readonly HashSet<Type> SetUp = new HashSet<Type>();
        private static readonly List<Type> NeedCleanup = new List<Type>();

        static PortableTests()
        {
            AppDomain.CurrentDomain.ProcessExit += (s, e) =>
            {
                lock (Gate)
                {
                    foreach (Type t in NeedCleanup) RunMarked(t, typeof(CleanupAttribute));
                }
            };
        }

        public static IEnumerable<object[]> All()
        {
            foreach (Type type in typeof(PortableTests).Assembly.GetTypes())
            {
                if (type.GetCustomAttribute<TestClassAttribute>() == null) continue;
                foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    object[] rows = m.GetCustomAttributes(typeof(DataRowAttribute), false);
                    if (rows.Length > 0)
                    {
                        for (int i = 0; i < rows.Length; i++) yield return new object[] { Name(type, m) + "#" + i };
                    }
                    else if (m.GetCustomAttribute<TestMethodAttribute>() != null)
                    {
                        yield return new object[] { Name(type, m) };
                    }
                }
            }
        }

        [Theory]
        [MemberData(nameof(All))]
        public void Run(string test)
        {
            int hash = test.IndexOf('#');
            string name = hash < 0 ? test : test.Substring(0, hash);
            int lastDot = name.LastIndexOf('.');
            Type type = typeof(PortableTests).Assembly.GetType(name.Substring(0, lastDot), true);
            MethodInfo method = type.GetMethod(name.Substring(lastDot + 1), BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
            object[] args = null;
            if (hash >= 0)
            {
                object[] rows = method.GetCustomAttributes(typeof(DataRowAttribute), false);
                args = ((DataRowAttribute)rows[int.Parse(test.Substring(hash + 1))]).MethodParameters;
            }

            EnsureSetUp(type);
            Invoke(type, method, args);
        }

        private static string Name(Type type, MethodInfo m) => type.FullName + "." + m.Name;

        private static void EnsureSetUp(Type type)
        {
            lock (Gate)
            {
                if (!SetUp.Add(type)) return;
                // The device runner invokes with a null instance: state in instance fields would be lost there.
                foreach (FieldInfo f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    throw new InvalidOperationException(type.FullName + " has instance field '" + f.Name + "'; nanoFramework's test launcher never creates an instance, so test state must be static.");
                }

                RunMarked(type, typeof(SetupAttribute));
                NeedCleanup.Add(type);
            }
        }

        private static void RunMarked(Type type, Type attribute)
        {
            foreach (MethodInfo m in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (m.GetCustomAttribute(attribute) != null) Invoke(type, m, null);
            }
        }

        private static void Invoke(Type type, MethodInfo method, object[] args)
        {
            object target = method.IsStatic ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
            try
            {
                method.Invoke(target, args);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
    }
}

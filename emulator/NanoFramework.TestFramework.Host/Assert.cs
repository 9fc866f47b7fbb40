using System;
using System.Collections;
using System.Runtime.CompilerServices;
using TestFrameworkShared;

namespace nanoFramework.TestFramework
{
    // Same public surface as nanoFramework.TestFramework 3.0.x Assert (the [Obsolete] xUnit-style names omitted),
    // including [CallerArgumentExpression] on every message: the compiler then writes the asserted expression as a
    // string literal at each call, as it does against the real package (that text fills the device .pe string table).
    public sealed class Assert
    {
        public Assert() { }

        public static void AreEqual(bool expected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(bool notExpected, bool actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(byte expected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(byte notExpected, byte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(char expected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(char notExpected, char actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(System.DateTime expected, System.DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(System.DateTime notExpected, System.DateTime actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(double expected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(double notExpected, double actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(short expected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(short notExpected, short actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(int expected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(int notExpected, int actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(long expected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(long notExpected, long actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(sbyte expected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(sbyte notExpected, sbyte actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(float expected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(float notExpected, float actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(string expected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(string notExpected, string actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(ushort expected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(ushort notExpected, ushort actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(uint expected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(uint notExpected, uint actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreEqual(ulong expected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!Equals(expected, actual)) Fail("AreEqual", expected, actual, message); }
        public static void AreNotEqual(ulong notExpected, ulong actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (Equals(notExpected, actual)) Fail("AreNotEqual", notExpected, actual, message); }
        public static void AreSame(object expected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (!ReferenceEquals(expected, actual)) Fail("AreSame", expected, actual, message); }
        public static void AreNotSame(object notExpected, object actual, [CallerArgumentExpression(nameof(actual))] string message = "") { if (ReferenceEquals(notExpected, actual)) Fail("AreNotSame", notExpected, actual, message); }
        public static void IsTrue(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") { if (!condition) throw new AssertFailedException("IsTrue failed. " + message); }
        public static void IsFalse(bool condition, [CallerArgumentExpression(nameof(condition))] string message = "") { if (condition) throw new AssertFailedException("IsFalse failed. " + message); }
        public static void IsNull(object value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value != null) throw new AssertFailedException("IsNull failed. " + message); }
        public static void IsNotNull(object value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value == null) throw new AssertFailedException("IsNotNull failed. " + message); }
        public static void IsInstanceOfType(object value, Type expected, [CallerArgumentExpression(nameof(value))] string message = "") { if (value == null || !expected.IsInstanceOfType(value)) throw new AssertFailedException("IsInstanceOfType failed. " + message); }
        public static void IsNotInstanceOfType(object value, Type notExpected, [CallerArgumentExpression(nameof(value))] string message = "") { if (value != null && notExpected.IsInstanceOfType(value)) throw new AssertFailedException("IsNotInstanceOfType failed. " + message); }
        public static void Contains(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value == null || expected == null || value.IndexOf(expected, StringComparison.Ordinal) < 0) throw new AssertFailedException($"Contains failed: <{expected}> not in <{value}>. {message}"); }
        public static void DoesNotContains(string notExpected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value != null && notExpected != null && value.IndexOf(notExpected, StringComparison.Ordinal) >= 0) throw new AssertFailedException($"DoesNotContains failed: <{notExpected}> in <{value}>. {message}"); }
        public static void StartsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value == null || expected == null || !value.StartsWith(expected, StringComparison.Ordinal)) throw new AssertFailedException($"StartsWith failed: <{value}> does not start with <{expected}>. {message}"); }
        public static void EndsWith(string expected, string value, [CallerArgumentExpression(nameof(value))] string message = "") { if (value == null || expected == null || !value.EndsWith(expected, StringComparison.Ordinal)) throw new AssertFailedException($"EndsWith failed: <{value}> does not end with <{expected}>. {message}"); }
        public static void SkipTest(string message = null) => throw new SkipTestException(message);
        public static void ThrowsException(Type exception, Action action, [CallerArgumentExpression(nameof(action))] string message = "")
        {
            try { action(); }
            catch (Exception e)
            {
                if (e.GetType() == exception) return;
                throw new AssertFailedException($"ThrowsException failed: expected {exception.Name}, got {e.GetType().Name}. {message}");
            }
            throw new AssertFailedException($"ThrowsException failed: no exception, expected {exception.Name}. {message}");
        }

        private static void Fail(string what, object expected, object actual, string message)
            => throw new AssertFailedException($"{what} failed. Expected:<{expected}>. Actual:<{actual}>. {message}");
    }

    public sealed class CollectionAssert
    {
        public CollectionAssert() { }

        public static void AreEqual(ICollection expected, ICollection actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            string diff = Difference(expected, actual);
            if (diff != null) throw new AssertFailedException("CollectionAssert.AreEqual failed: " + diff + " " + message);
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, [CallerArgumentExpression(nameof(actual))] string message = "")
        {
            if (Difference(notExpected, actual) == null) throw new AssertFailedException("CollectionAssert.AreNotEqual failed. " + message);
        }

        public static void Empty(ICollection collection, [CallerArgumentExpression(nameof(collection))] string message = "") { if (collection == null || collection.Count != 0) throw new AssertFailedException("CollectionAssert.Empty failed. " + message); }

        public static void NotEmpty(ICollection collection, [CallerArgumentExpression(nameof(collection))] string message = "") { if (collection == null || collection.Count == 0) throw new AssertFailedException("CollectionAssert.NotEmpty failed. " + message); }

        private static string Difference(ICollection expected, ICollection actual)
        {
            if (expected == null || actual == null) return expected == actual ? null : "one collection is null";
            if (expected.Count != actual.Count) return $"count {expected.Count} != {actual.Count}";
            var e = expected.GetEnumerator(); var a = actual.GetEnumerator(); int i = 0;
            while (e.MoveNext() && a.MoveNext())
            {
                if (!Equals(e.Current, a.Current)) return $"element {i}: expected <{e.Current}>, actual <{a.Current}>";
                i++;
            }
            return null;
        }
    }
}

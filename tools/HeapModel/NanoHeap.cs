using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;

namespace NanoStack.Tools.HeapModel
{
    /// <summary>
    /// What nanoCLR's managed heap would hold for an object graph, in heap blocks of <see cref="BlockBytes"/> bytes
    /// (12 on the ESP32 and every 32-bit target, 24 in the 64-bit Linux build of nf-interpreter). The rules, from
    /// nf-interpreter (src/CLR/Core/Execution.cpp, CLR_RT_HeapBlock_Array/String/Delegate, nanoCLR_Runtime__HeapBlock.h):
    /// <list type="bullet">
    /// <item>an object of a class: one header block + one block per instance field, inherited ones included, whatever
    /// the field's type (bool, long, reference alike); a struct-typed field is a block holding a reference to its
    /// own boxed value object (1 + its fields); a class with a finalizer adds a 2-block finalizer record;</item>
    /// <item>an array: a header of one block + 8 bytes (element count, element kind and size), then the elements
    /// packed at their size (1, 2, 4, 8 bytes; a reference is one block), rounded up to whole blocks; an array of
    /// structs also holds one boxed value object per element;</item>
    /// <item>a string created at run time: one block + UTF-8 text + NUL, rounded up; a literal (ldstr) is one block
    /// pointing into the assembly in flash;</item>
    /// <item>a boxed primitive or enum: 2 blocks; a delegate: 3 blocks (+ its target object).</item>
    /// </list>
    /// Static fields live in the assembly's own block and are not part of a constructed graph.
    /// </summary>
    public sealed class NanoHeap
    {
        private readonly HashSet<object> _seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, (int Count, long Bytes)> _byType = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Count, long Bytes)> _byOwner = new Dictionary<string, (int, long)>(StringComparer.Ordinal);
        private readonly Dictionary<object, string> _owner = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);

        public NanoHeap(int blockBytes)
        {
            if (blockBytes != 12 && blockBytes != 24) throw new ArgumentOutOfRangeException(nameof(blockBytes), "12 (32-bit targets) or 24 (64-bit nanoCLR)");
            BlockBytes = blockBytes;
        }

        public int BlockBytes { get; }

        /// <summary>Types not priced (and not walked through): host stand-ins of the device's native parts, the chip.</summary>
        public Func<Type, bool> Skip { get; set; }

        /// <summary>Modelled heap bytes of everything walked so far (excluded objects not counted).</summary>
        public long Bytes { get; private set; }

        /// <summary>Marks everything reachable from <paramref name="root"/> as already on the heap (built before the
        /// measured construction, e.g. the link device or the NetworkStack a TcpStack is registered with).</summary>
        public void Exclude(object root)
        {
            long before = Bytes;
            var saved = new Dictionary<string, (int, long)>(_byType);
            var savedOwners = new Dictionary<string, (int, long)>(_byOwner);
            Walk(root);
            Bytes = before;
            _byType.Clear();
            foreach (var kv in saved) _byType[kv.Key] = kv.Value;
            _byOwner.Clear();
            foreach (var kv in savedOwners) _byOwner[kv.Key] = kv.Value;
        }

        /// <summary>Marks just this object (not what it references) as not priced.</summary>
        public void ExcludeOnly(object o)
        {
            if (o != null) _seen.Add(o);
        }

        /// <summary>Adds what <paramref name="root"/> reaches that is not excluded or counted already; returns those bytes.</summary>
        public long Add(object root)
        {
            long before = Bytes;
            Walk(root);
            return Bytes - before;
        }

        public static long Measure(object root, int blockBytes, params object[] exclude)
        {
            var heap = new NanoHeap(blockBytes);
            foreach (object e in exclude) heap.Exclude(e);
            return heap.Add(root);
        }

        /// <summary>Objects of the class named <paramref name="typeName"/> priced so far (excluded ones not counted).</summary>
        public int CountOf(string typeName) => _byType.TryGetValue(typeName, out var c) ? c.Count : 0;

        /// <summary>The largest contributors by type, for reports: "count x type = bytes".</summary>
        public string Breakdown(int top = 15)
        {
            var b = new StringBuilder();
            foreach (var kv in _byType.OrderByDescending(k => k.Value.Bytes).Take(top))
            {
                b.Append(kv.Value.Bytes.ToString().PadLeft(8)).Append(" B  ").Append(kv.Value.Count.ToString().PadLeft(5)).Append(" x ").AppendLine(kv.Key);
            }

            return b.ToString();
        }

        /// <summary>Arrays by the field that holds them ("TcpSocket._receive.Byte[]"): where the big buffers are.</summary>
        public string ArraysByOwner(int top = 25)
        {
            var b = new StringBuilder();
            foreach (var kv in _byOwner.OrderByDescending(k => k.Value.Bytes).Take(top))
            {
                b.Append(kv.Value.Bytes.ToString().PadLeft(8)).Append(" B  ").Append(kv.Value.Count.ToString().PadLeft(5)).Append(" x ").AppendLine(kv.Key);
            }

            return b.ToString();
        }

        private long Blocks(long bytes) => (bytes + BlockBytes - 1) / BlockBytes;

        private void Walk(object root)
        {
            var todo = new Stack<object>();
            if (root != null) todo.Push(root);
            while (todo.Count > 0)
            {
                object o = todo.Pop();
                if (o == null || !_seen.Add(o)) continue;
                Type t = o.GetType();
                if (IsHostOnly(t) || (Skip != null && Skip(t))) continue;
                long blocks = Price(o, t, todo);
                Count(t, blocks * BlockBytes);
                if (o is Array && _owner.TryGetValue(o, out string owner))
                {
                    _byOwner.TryGetValue(owner, out var c);
                    _byOwner[owner] = (c.Count + 1, c.Bytes + blocks * BlockBytes);
                }
            }
        }

        private long Price(object o, Type t, Stack<object> todo)
        {
            if (o is string s)
            {
                // A literal keeps its text in the assembly (flash); the host interns exactly the literals.
                return string.IsInterned(s) != null ? 1 : Blocks(BlockBytes + Encoding.UTF8.GetByteCount(s) + 1);
            }

            if (o is Delegate d)
            {
                foreach (Delegate single in d.GetInvocationList())
                {
                    if (single.Target != null) todo.Push(single.Target);
                }

                int n = d.GetInvocationList().Length;
                return n == 1 ? 3 : (n + 2) + 3L * n;
            }

            if (t.IsArray)
            {
                var array = (Array)o;
                Type e = t.GetElementType();
                long header = BlockBytes + 8;
                if (IsStruct(e))
                {
                    long perElement = 1 + InstanceFields(e).Count;
                    foreach (object item in array) PushFields(item, e, todo);
                    return Blocks(header + (long)array.Length * BlockBytes) + array.Length * perElement;
                }

                if (!e.IsValueType)
                {
                    _owner.TryGetValue(o, out string arrayOwner);
                    foreach (object item in array)
                    {
                        if (item is Array && arrayOwner != null && !_owner.ContainsKey(item)) _owner[item] = arrayOwner + "[i]";
                        todo.Push(item);
                    }

                    return Blocks(header + (long)array.Length * BlockBytes);
                }

                return Blocks(header + (long)array.Length * ElementSize(e));
            }

            if (t.IsValueType) return 2; // a boxed primitive or enum reached through an object reference

            long total = 1;
            foreach (FieldInfo f in InstanceFields(t))
            {
                total += 1;
                object value = f.GetValue(o);
                if (IsStruct(f.FieldType))
                {
                    total += 1 + InstanceFields(f.FieldType).Count;
                    PushFields(value, f.FieldType, todo);
                }
                else if (!f.FieldType.IsValueType && value != null)
                {
                    if (value is Array && !_owner.ContainsKey(value)) _owner[value] = t.Name + "." + f.Name;
                    todo.Push(value);
                }
            }

            if (t.GetMethod("Finalize", BindingFlags.Instance | BindingFlags.NonPublic, null, Type.EmptyTypes, null)?.DeclaringType != typeof(object)) total += 2;
            return total;
        }

        private static void PushFields(object boxedStruct, Type structType, Stack<object> todo)
        {
            if (boxedStruct == null) return;
            foreach (FieldInfo f in InstanceFields(structType))
            {
                if (!f.FieldType.IsValueType) todo.Push(f.GetValue(boxedStruct));
            }
        }

        private void Count(Type t, long bytes)
        {
            string name = t.IsArray ? t.GetElementType().Name + "[]" : t.Name;
            _byType.TryGetValue(name, out var c);
            _byType[name] = (c.Count + 1, c.Bytes + bytes);
            Bytes += bytes;
        }

        /// <summary>User structs take a separate heap object; primitives, enums, DateTime and TimeSpan sit in the block.</summary>
        private static bool IsStruct(Type t) => t.IsValueType && !t.IsPrimitive && !t.IsEnum && t != typeof(DateTime) && t != typeof(TimeSpan) && t != typeof(decimal);

        private static int ElementSize(Type e)
        {
            if (e.IsEnum) e = Enum.GetUnderlyingType(e);
            if (e == typeof(byte) || e == typeof(sbyte) || e == typeof(bool)) return 1;
            if (e == typeof(short) || e == typeof(ushort) || e == typeof(char)) return 2;
            if (e == typeof(int) || e == typeof(uint) || e == typeof(float)) return 4;
            return 8;
        }

        private static readonly Dictionary<Type, List<FieldInfo>> FieldCache = new Dictionary<Type, List<FieldInfo>>();

        private static List<FieldInfo> InstanceFields(Type t)
        {
            lock (FieldCache)
            {
                if (FieldCache.TryGetValue(t, out var cached)) return cached;
                var fields = new List<FieldInfo>();
                for (Type c = t; c != null && c != typeof(object) && c != typeof(ValueType); c = c.BaseType)
                {
                    fields.AddRange(c.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
                }

                FieldCache[t] = fields;
                return fields;
            }
        }

        /// <summary>Host machinery a graph may touch but the device does not have in the same form (reflection, threads).</summary>
        private static bool IsHostOnly(Type t) => typeof(MemberInfo).IsAssignableFrom(t) || typeof(System.Threading.Thread).IsAssignableFrom(t)
            || t.Namespace != null && (t.Namespace.StartsWith("System.Reflection", StringComparison.Ordinal) || t.Namespace.StartsWith("System.Runtime", StringComparison.Ordinal));
    }
}

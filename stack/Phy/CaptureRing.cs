using System;
using NanoStack.Util;

namespace NanoStack.Phy
{
    /// <summary>
    /// The last frames the board sent and received, kept in one fixed byte ring as libpcap records, so the ring's
    /// bytes after a 24-byte file header ARE a classic pcap file (LINKTYPE_ETHERNET) that Wireshark and tshark read.
    /// </summary>
    /// <remarks>
    /// <para>Layout: each record is the 16-byte pcap record header (ts_sec, ts_usec, incl_len, orig_len, little-endian)
    /// followed by the first <see cref="SnapLength"/> bytes of the frame; records follow each other with no gap and
    /// may wrap around the end of the ring. Positions are absolute stream offsets (<c>_start</c> .. <c>_end</c>), so a
    /// reader can tell whether a byte it wants is still in the ring. A new frame overwrites the oldest records until
    /// it fits in both limits (bytes and records). Appending copies the frame with at most four Array.Copy and
    /// allocates nothing.</para>
    /// <para>Downloads (<see cref="BeginFile"/>, <see cref="ReadFile"/>): the file is a snapshot of the records present
    /// when the request arrived. While at least one download holds the ring (<see cref="Hold"/> .. <see cref="Release"/>,
    /// which the HTTP server calls when it starts and stops streaming the body) no record is overwritten: new frames go
    /// into free room and, once there is none, are counted in <see cref="FramesMissed"/> instead of captured. So a file
    /// being sent never changes under its reader; a second download that starts meanwhile gets the same snapshot. A
    /// read of bytes that are no longer in the ring (only possible without holds) returns 0, which ends the body short
    /// rather than serving another record's bytes.</para>
    /// <para>Timestamps are the board's millisecond clock (uptime), given by <see cref="Tick"/>: Wireshark shows them
    /// as dates in January 1970.</para>
    /// </remarks>
    public sealed class CaptureRing
    {
        /// <summary>Size of the pcap global header (magic, version 2.4, zone, sigfigs, snaplen, network).</summary>
        public const int FileHeaderLength = 24;

        /// <summary>Size of each pcap record header (ts_sec, ts_usec, incl_len, orig_len).</summary>
        public const int RecordHeaderLength = 16;

        /// <summary>LINKTYPE_ETHERNET: frames start with the destination MAC, no preamble, no FCS.</summary>
        public const int LinkTypeEthernet = 1;

        private readonly byte[] _data;
        private readonly byte[] _fileHeader;
        private readonly byte[] _recordHeader;
        private readonly int _maxRecords;
        private readonly int _snapLength;

        private long _start;      // absolute stream offset of the oldest record
        private int _startIndex;  // its index in _data
        private long _end;        // absolute stream offset just past the newest record
        private int _records;
        private long _nowMs;

        private int _holders;
        private long _fileStart;  // the snapshot a download reads: [_fileStart, _fileEnd)
        private long _fileEnd;

        /// <summary>Frames recorded (each possibly cut to <see cref="SnapLength"/>).</summary>
        public long FramesCaptured;

        /// <summary>Recorded frames longer than <see cref="SnapLength"/> (incl_len &lt; orig_len in their record).</summary>
        public long FramesTruncated;

        /// <summary>Old records overwritten to make room for new ones.</summary>
        public long FramesOverwritten;

        /// <summary>Frames not recorded because a download held a full ring.</summary>
        public long FramesMissed;

        /// <param name="capacityBytes">the ring, record headers included; at least one full record (16 + snapLength)</param>
        /// <param name="maxRecords">at most this many frames are kept (at least 1)</param>
        /// <param name="snapLength">bytes kept of each frame (14..65535); longer frames are cut</param>
        public CaptureRing(int capacityBytes, int maxRecords, int snapLength)
        {
            if (snapLength < 14 || snapLength > 65535) throw new ArgumentException("capture snap length must be 14..65535");
            if (capacityBytes < RecordHeaderLength + snapLength) throw new ArgumentException("capture ring must hold one full record (16 + snap length bytes)");
            if (maxRecords < 1) throw new ArgumentException("capture ring must keep at least 1 record");
            _data = new byte[capacityBytes];
            _maxRecords = maxRecords;
            _snapLength = snapLength;
            _recordHeader = new byte[RecordHeaderLength];
            _fileHeader = new byte[FileHeaderLength];
            // pcap-savefile(5): magic 0xa1b2c3d4 (microsecond timestamps) in the writer's byte order (little-endian
            // here), version 2.4, thiszone 0, sigfigs 0, snaplen, network = LINKTYPE_ETHERNET.
            PutLe32(_fileHeader, 0, unchecked((int)0xA1B2C3D4));
            _fileHeader[4] = 2;
            _fileHeader[6] = 4;
            PutLe32(_fileHeader, 16, snapLength);
            PutLe32(_fileHeader, 20, LinkTypeEthernet);
        }

        /// <summary>Bytes allocated at construction (ring, file and record header).</summary>
        public int StaticBytes { get { return _data.Length + FileHeaderLength + RecordHeaderLength; } }

        public int CapacityBytes { get { return _data.Length; } }

        public int MaxRecords { get { return _maxRecords; } }

        public int SnapLength { get { return _snapLength; } }

        /// <summary>Records in the ring now.</summary>
        public int Records { get { return _records; } }

        /// <summary>Bytes of records in the ring now (headers included).</summary>
        public int UsedBytes { get { return (int)(_end - _start); } }

        /// <summary>Downloads holding the ring (see the remarks).</summary>
        public int Holders { get { return _holders; } }

        /// <summary>Sets the clock the next records are stamped with (the board's milliseconds).</summary>
        public void Tick(long nowMs)
        {
            _nowMs = nowMs;
        }

        /// <summary>Records the frame at <paramref name="frame"/>[<paramref name="offset"/>..], cut to <see cref="SnapLength"/>.</summary>
        public void Append(byte[] frame, int offset, int length)
        {
            if (length <= 0) return;
            int kept = length < _snapLength ? length : _snapLength;
            int need = RecordHeaderLength + kept;
            while (_records > 0 && (_data.Length - (int)(_end - _start) < need || _records >= _maxRecords))
            {
                if (_holders > 0)
                {
                    // A download is reading these records: leave them alone.
                    FramesMissed++;
                    return;
                }
                DropOldest();
            }

            long ms = _nowMs < 0 ? 0 : _nowMs;
            PutLe32(_recordHeader, 0, (int)(ms / 1000));
            PutLe32(_recordHeader, 4, (int)(ms % 1000) * 1000);
            PutLe32(_recordHeader, 8, kept);
            PutLe32(_recordHeader, 12, length);
            int index = IndexOf(_end);
            RingCopy.ToRing(_recordHeader, 0, _data, index, RecordHeaderLength);
            index += RecordHeaderLength;
            if (index >= _data.Length) index -= _data.Length;
            RingCopy.ToRing(frame, offset, _data, index, kept);
            _end += need;
            _records++;
            FramesCaptured++;
            if (kept < length) FramesTruncated++;
        }

        /// <summary>
        /// Starts a download: takes a snapshot of the records in the ring (unless a download holds one already, which is
        /// then shared) and returns the length of the pcap file <see cref="ReadFile"/> serves.
        /// </summary>
        public long BeginFile()
        {
            if (_holders == 0)
            {
                _fileStart = _start;
                _fileEnd = _end;
            }
            return FileHeaderLength + (_fileEnd - _fileStart);
        }

        /// <summary>A download starts reading the snapshot: nothing is overwritten until every holder has released.</summary>
        public void Hold()
        {
            _holders++;
        }

        /// <summary>A download stopped reading (body sent, or its connection gone).</summary>
        public void Release()
        {
            if (_holders > 0) _holders--;
        }

        /// <summary>
        /// Copies up to <paramref name="count"/> bytes of the snapshot's pcap file from <paramref name="position"/>; returns
        /// how many (0 at the end, or when those bytes have been overwritten since <see cref="BeginFile"/>).
        /// </summary>
        public int ReadFile(long position, byte[] buffer, int offset, int count)
        {
            long length = FileHeaderLength + (_fileEnd - _fileStart);
            if (position < 0 || position >= length || count <= 0) return 0;
            if (count > length - position) count = (int)(length - position);
            int n = 0;
            if (position < FileHeaderLength)
            {
                n = FileHeaderLength - (int)position;
                if (n > count) n = count;
                Array.Copy(_fileHeader, (int)position, buffer, offset, n);
                if (n == count) return n;
                position += n;
            }
            long at = _fileStart + (position - FileHeaderLength);
            if (at < _start) return n;
            RingCopy.FromRing(_data, IndexOf(at), buffer, offset + n, count - n);
            return count;
        }

        private void DropOldest()
        {
            int i = _startIndex + 8; // incl_len of the oldest record
            if (i >= _data.Length) i -= _data.Length;
            int kept = 0;
            for (int k = 0; k < 4; k++)
            {
                kept |= _data[i] << (8 * k);
                i++;
                if (i == _data.Length) i = 0;
            }
            int size = RecordHeaderLength + kept;
            _start += size;
            _startIndex += size;
            if (_startIndex >= _data.Length) _startIndex -= _data.Length;
            _records--;
            FramesOverwritten++;
        }

        /// <summary>Index in the ring of the absolute offset <paramref name="at"/> (between _start and _end).</summary>
        private int IndexOf(long at)
        {
            int i = _startIndex + (int)(at - _start);
            if (i >= _data.Length) i -= _data.Length;
            return i;
        }

        private static void PutLe32(byte[] b, int offset, int value)
        {
            b[offset] = (byte)value;
            b[offset + 1] = (byte)(value >> 8);
            b[offset + 2] = (byte)(value >> 16);
            b[offset + 3] = (byte)(value >> 24);
        }
    }
}

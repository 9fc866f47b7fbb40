namespace NanoStack.Wire
{
    /// <summary>Why a view refused a buffer: the one parse-error type of every view (Ethernet, ARP, IPv4, ICMP, UDP, TCP,
    /// DHCP, DNS). Views report it; the layer above turns it into its drop reason and counter.</summary>
    public enum WireError
    {
        None = 0,
        /// <summary>Fewer bytes than the fixed header, or a range outside the array.</summary>
        Truncated,
        /// <summary>IPv4 version field is not 4.</summary>
        BadVersion,
        /// <summary>IPv4 IHL below 5 or beyond the bytes present.</summary>
        BadHeaderLength,
        /// <summary>A length field (IPv4 total length, UDP length) smaller than the header or beyond the bytes present.</summary>
        BadLength,
        /// <summary>TCP data offset below 5 words or beyond the segment (RFC 9293 §3.1).</summary>
        BadDataOffset,
        /// <summary>An option's length runs past its header or is too small (TCP RFC 9293 §3.1; DHCP RFC 2132 §2).</summary>
        BadOption,
        /// <summary>DHCP: op is not BOOTREPLY/BOOTREQUEST as expected (RFC 2131 §2).</summary>
        BadOp,
        /// <summary>DHCP: htype/hlen are not Ethernet's 1/6 (RFC 2131 §2).</summary>
        BadHardware,
        /// <summary>DHCP: the magic cookie 99.130.83.99 is missing (RFC 2131 §3).</summary>
        BadCookie,
        /// <summary>DHCP: no option 53 (message type), so not a DHCP message (RFC 2131 §3).</summary>
        NoMessageType,
        /// <summary>DNS: a question's name or fixed fields run past the message (RFC 1035 §4.1.2).</summary>
        BadQuestion,
        /// <summary>DNS: a resource record's name, fixed fields or RDATA run past the message (RFC 1035 §4.1.3).</summary>
        BadRecord,
        /// <summary>DNS: more records than the view indexes.</summary>
        TooManyRecords,
    }

}

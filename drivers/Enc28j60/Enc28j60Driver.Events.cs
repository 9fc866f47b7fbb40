using System;
using NanoStack.Phy;

namespace NanoStack.Drivers.Enc28j60
{
    /// <summary>Interrupts, polling, link, RX overflow and the health watchdog (DS §12, docs/enc28j60.md §7).</summary>
    public sealed partial class Enc28j60Driver
    {
        private long _lastEventPollMs = long.MinValue / 2; // "long ago" without overflowing nowMs - last
        private long _lastHealthMs = long.MinValue / 2;
        private int _faultStreak;
        private int _lastHealthRxFrames = -1;
        private int _saturatedTicks;

        /// <summary>
        /// Call after a falling edge of INT (from the main loop, not from the GPIO thread: the driver is not
        /// thread-safe). INTIE is cleared first and set again when <see cref="Receive"/> has taken the frames
        /// waiting, so that an event arriving meanwhile produces a fresh falling edge (DS §12.0).
        /// </summary>
        public void HandleInterrupt()
        {
            if ((_flags & FlagInitialized) == 0)
            {
                return;
            }

            _counters.Interrupts++;
            // errata #6: PKTIF may read 0 although this edge was a frame, so EPKTCNT is looked at in any case.
            // EIR itself is read by Receive only once EPKTCNT is 0: an edge for frames costs no EIR read, and
            // any other flag still pending when INTIE is set again produces a new edge (DS §12.0).
            if ((_flags & FlagRearmPending) == 0)
            {
                _bus.Fixed(RegisterBus.ClearIntie);
                _flags |= FlagRearmPending | FlagRxCheck | FlagEventCheck;
            }
            else
            {
                _flags |= FlagRxCheck | FlagEventCheck;
            }
        }

        /// <summary>
        /// Sets INTIE again once the frames counted in EPKTCNT are taken. Doing it here rather than at the end of
        /// <see cref="HandleInterrupt"/> replaces the final "EPKTCNT = 0?" read: if a frame or event arrived
        /// meanwhile, setting INTIE with a flag pending produces a new falling edge (DS §12.0).
        /// </summary>
        private void Rearm()
        {
            _flags &= ~(FlagRearmPending | FlagRxCheck);
            _bus.Fixed(RegisterBus.SetIntie);
        }

        /// <summary>The stack's scheduler runs the driver's periodic work (<see cref="Poll"/>) through this capability.</summary>
        void ILinkUpkeep.Upkeep(long nowMs)
        {
            Poll(nowMs);
        }

        /// <summary>
        /// Periodic work: in polling mode reads EIR (link change, RX overflow, TX completion/abort/timeout) at most
        /// every EventPollIntervalMs; in every mode runs the health watchdog every HealthIntervalMs.
        /// </summary>
        public void Poll(long nowMs)
        {
            if ((_flags & FlagInitialized) == 0)
            {
                if (nowMs - _lastHealthMs >= _options.HealthIntervalMs)
                {
                    _lastHealthMs = nowMs;
                    TryReinitialize();
                }

                return;
            }

            if ((_flags & FlagEventCheck) != 0 && _pending == 0 && nowMs - _lastEventPollMs >= _options.EventPollIntervalMs)
            {
                // Interrupts whose EIR flags Receive did not look at (it only does when EPKTCNT reads 0): under
                // steady traffic a link change, RX error or TX abort is still seen within the polling interval.
                _lastEventPollMs = nowMs;
                _flags &= ~FlagEventCheck;
                ServiceEvents(_bus.Read(Reg.EIR));
            }

            // TX completion is looked at as soon as the frame should be on the wire, so a late-collision retry
            // (errata #13) follows at once; other events at the polling interval.
            bool txDue = (_flags & FlagTxBusy) != 0 && _clock.NowMicros >= _txExpectedMicros;
            if (txDue || !_options.InterruptMode)
            {
                if (txDue || nowMs - _lastEventPollMs >= _options.EventPollIntervalMs)
                {
                    _lastEventPollMs = nowMs;
                    ServiceEvents(_bus.Read(Reg.EIR));
                }
            }

            if (nowMs - _lastHealthMs >= _options.HealthIntervalMs)
            {
                _lastHealthMs = nowMs;
                HealthCheck();
            }
        }

        private void ServiceEvents(byte eir)
        {
            if ((eir & Bits.PKTIF) != 0)
            {
                _flags |= FlagRxCheck;
            }

            if ((eir & Bits.RXERIF) != 0)
            {
                // FIFO full or EPKTCNT at 255: the chip dropped frames. Frames already in the FIFO are intact;
                // give back consumed space at once so the flood can resume into it.
                _counters.RxOverflows++;
                _bus.BitClear(Reg.EIR, Bits.RXERIF);
                ReleaseRx();
                _flags |= FlagRxCheck;
            }

            if ((eir & Bits.LINKIF) != 0)
            {
                _bus.PhyRead(Phy.PHIR); // reading PHIR clears PGIF and with it LINKIF
                UpdateLink();
            }

            if ((_flags & FlagTxBusy) != 0)
            {
                CheckTransmit(eir);
            }
        }

        private void UpdateLink()
        {
            bool up = (_bus.PhyRead(Phy.PHSTAT2) & Phy.LSTAT) != 0;
            if (up != ((_flags & FlagLinkUp) != 0))
            {
                _flags = up ? _flags | FlagLinkUp : _flags & ~FlagLinkUp;
                _counters.LinkChanges++;
            }
        }

        /// <summary>
        /// The watchdog. Finds: a chip that lost its configuration (RXEN or AUTOINC gone: reset or brown-out)
        /// → full re-init; frames waiting that no interrupt announced → receive them; EPKTCNT stuck at 255 with
        /// no progress → wedged receiver → escalate. Also gives back unreleased RX space.
        /// </summary>
        private void HealthCheck()
        {
            byte econ1 = _bus.Read(Reg.ECON1);
            byte econ2 = _bus.Read(Reg.ECON2);
            if ((econ1 & Bits.RXEN) == 0 || (econ2 & Bits.VRPS) == 0)
            {
                // Checked before anything is written: a reset chip has ERXST/ERXND back at 0x05FA/0x1FFF.
                _counters.ChipResetsDetected++;
                FullReinitialize();
                return;
            }

            ReleaseRx();

            if ((_flags & FlagLinkUp) == 0)
            {
                UpdateLink(); // a missed LINKIF must not leave the link down for ever
            }

            int packets = _bus.Read(Reg.EPKTCNT);
            if (packets > 0 && _pending == 0 && (_flags & FlagRxCheck) == 0)
            {
                _counters.MissedInterrupts++;
                _flags |= FlagRxCheck;
            }

            if (packets == 255 && _counters.RxFrames == _lastHealthRxFrames)
            {
                if (++_saturatedTicks >= 2)
                {
                    _saturatedTicks = 0;
                    OnFault();
                }
            }
            else
            {
                _saturatedTicks = 0;
            }

            _lastHealthRxFrames = _counters.RxFrames;
        }

        /// <summary>
        /// Escalation ladder for repeated faults without a good frame in between: RX reset, then RX + TX
        /// reset, then a full re-initialisation of the chip.
        /// </summary>
        private void OnFault()
        {
            _faultStreak++;
            if (_faultStreak >= 3)
            {
                _counters.WatchdogEscalations++;
                FullReinitialize();
                return;
            }

            if (_faultStreak == 2)
            {
                _counters.WatchdogEscalations++;
                ResetTransmitter();
                _flags &= ~FlagTxBusy;
                StartQueued();
            }

            ResetReceiver();
        }

        private void FullReinitialize()
        {
            _counters.FullReinits++;
            TryReinitialize();
        }

        private void TryReinitialize()
        {
            try
            {
                Configure();
            }
            catch (Enc28j60NotFoundException)
            {
                _counters.ReinitFailures++;
                _flags &= ~FlagInitialized;
            }
        }
    }
}

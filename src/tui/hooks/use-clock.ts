import { useEffect, useState } from 'react';

/** The current time from `now`, refreshed every `intervalMs` so ages in the list keep moving. */
export function useClock(now: () => number, intervalMs = 1000): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setTime(now()), intervalMs);
    return () => clearInterval(timer);
  }, [now, intervalMs]);
  return time;
}

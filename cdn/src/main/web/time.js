/** "just now", "42 s ago", "3 min ago", "5 h ago", "2 d ago" for an age in milliseconds. */
export function relativeTime(ageMs) {
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

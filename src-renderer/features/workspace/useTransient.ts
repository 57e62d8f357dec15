import { useEffect, useState } from 'react';

/** How long a status message stays: a notice a few seconds, an error longer (it may need reading). */
export const NOTICE_MS = 4000;
export const ERROR_MS = 10000;

/**
 * A status message that goes away by itself after a few seconds, and at once when the image
 * changes: an "Undone" must not linger on the next image.
 */
export function useTransient<M extends object>(message: M | null, imageId: number | undefined): M | null {
  const [gone, setGone] = useState<M | null>(null);
  const [shownOn, setShownOn] = useState<{ message: M | null; imageId: number | undefined }>({ message, imageId });
  if (shownOn.message !== message) setShownOn({ message, imageId });
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setGone(message), (message as { error?: boolean }).error ? ERROR_MS : NOTICE_MS);
    return () => clearTimeout(timer);
  }, [message]);
  if (!message || gone === message) return null;
  if (shownOn.message === message && shownOn.imageId !== imageId) return null;
  return message;
}

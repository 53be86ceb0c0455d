/** Whether a URL points at this machine: the local stand-ins for cloud services live there. */
export const isLoopback = (url: URL): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);

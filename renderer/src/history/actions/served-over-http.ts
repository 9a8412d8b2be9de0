/** Over HTTP (`serve`) files can be fetched from the station; in the desktop app they are on this machine. */
export const servedOverHttp = (): boolean => /^https?:$/.test(window.location.protocol);

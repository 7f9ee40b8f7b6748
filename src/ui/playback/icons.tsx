/**
 * Playback icons as inline SVG, so they render the same on every system (font glyphs such as
 * ⏮ are missing from many fonts). Decorative: the buttons carry the accessible names.
 */
const common = {
  width: 16,
  height: 16,
  viewBox: '0 0 16 16',
  'aria-hidden': true,
  focusable: false,
  fill: 'currentColor',
} as const

export const RestartIcon = () => (
  <svg {...common}>
    <rect x="2" y="3" width="2" height="10" />
    <path d="M14 3v10L5 8z" />
  </svg>
)
export const StepBackIcon = () => (
  <svg {...common}>
    <path d="M12 3v10L4 8z" />
  </svg>
)
export const PlayIcon = () => (
  <svg {...common}>
    <path d="M4 2.5v11L13.5 8z" />
  </svg>
)
export const PauseIcon = () => (
  <svg {...common}>
    <rect x="3.5" y="3" width="3" height="10" />
    <rect x="9.5" y="3" width="3" height="10" />
  </svg>
)
export const StepForwardIcon = () => (
  <svg {...common}>
    <path d="M3 3v10l8-5z" />
    <rect x="12" y="3" width="2" height="10" />
  </svg>
)

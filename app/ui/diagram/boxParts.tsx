import { Handle, Position } from '@xyflow/react';

/** Edges need handles; ours are invisible: edges are drawn from border to border. */
export function Anchors() {
  return (
    <>
      <Handle type="target" position={Position.Top} className="anchor" isConnectable={false} />
      <Handle type="source" position={Position.Bottom} className="anchor" isConnectable={false} />
    </>
  );
}

/**
 * A box's name, as a button: the keyboard's way to open the box in the inspector. It has no
 * handler of its own: Enter or Space clicks it, and the click reaches the box's node
 * (Diagram.tsx's onNodeClick), as a mouse click on the box does.
 */
export function Name({ children, label }: { children: React.ReactNode; label?: string }) {
  return (
    <button type="button" className="dg-name" aria-label={label}>
      {children}
    </button>
  );
}

/** The servers whose spawn failed on a host, the latest two named and the rest counted. */
export function failedNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const shown = unique.slice(-2).join(', ');
  return unique.length > 2 ? `${shown} +${unique.length - 2}` : shown;
}

/**
 * One colour per annotator, the same on every image of the review (by the annotator's place in
 * the dataset's sorted list of annotators), distinct from each other on a dark or light stage.
 */
const COLORS = ['#ff6b6b', '#4dabf7', '#ffd43b', '#51cf66', '#cc5de8', '#ff922b', '#22b8cf', '#f06595', '#94d82d'];

export function annotatorColor(annotators: readonly string[], name: string): string {
  const at = annotators.indexOf(name);
  return COLORS[(at < 0 ? [...name].reduce((h, c) => h + c.charCodeAt(0), 0) : at) % COLORS.length]!;
}

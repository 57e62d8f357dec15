import { list as tarList } from 'tar';

/** Every member of a tar file, in order, read by node-tar (not the writer's library). */
export async function readTar(file: string): Promise<{ name: string; data: Buffer }[]> {
  const members: { name: string; data: Buffer }[] = [];
  await tarList({
    file,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      const member = { name: entry.path, data: Buffer.alloc(0) };
      members.push(member);
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => (member.data = Buffer.concat(chunks)));
    },
  });
  return members;
}

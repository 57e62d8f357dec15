/** dcmjs ships no types; the tests use only its Part 10 writer (see dicomFiles.ts). */
declare module 'dcmjs';

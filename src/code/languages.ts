// The languages "Show code" writes, their file names and the steps the programs train
// (apart from codegen.ts, which the page loads only when the dialog opens).
export const CODE_LANGUAGES = ['tfjs', 'pytorch', 'keras'] as const;
export type CodeLanguage = (typeof CODE_LANGUAGES)[number];

/** Training steps the programs run after printing step 0. */
export const CODE_STEPS = 200;

export const CODE_FILENAMES: Record<CodeLanguage, string> = { tfjs: 'gradscope.mjs', pytorch: 'gradscope.py', keras: 'gradscope_keras.py' };

export const notAnOutput = 1;

// Imported first by run-tui: React (loaded through ink) picks its development or production build
// when it is first imported, and the development build is several times slower. Tests set NODE_ENV.
process.env.NODE_ENV ??= 'production';

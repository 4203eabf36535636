// plotly.js's prebuilt gl3d bundle ships no types; surface3d.ts declares the three calls it makes.
declare module 'plotly.js-gl3d-dist-min';

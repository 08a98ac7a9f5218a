// Presentational components shared by the web app arrive with the editor.
export {};

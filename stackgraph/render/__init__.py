"""Renderers: one pure function per format, chosen through an enum and a dispatch dict."""

import Canvas
import CNcurses

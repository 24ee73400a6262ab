# Which JOS lab this tree implements; graders and the README refer to it.
LAB=6

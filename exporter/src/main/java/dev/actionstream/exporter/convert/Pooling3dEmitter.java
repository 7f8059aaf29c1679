package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;

/** DL4J's NCDHW 3-D max pooling, when it pools within frames only (the ConvLSTM's (1,2,2)): 2-D pooling per frame. */
final class Pooling3dEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        Subsampling3DLayer p = (Subsampling3DLayer) layer.conf();
        if (f.layout() != Layout.NT_IMAGES) {
            throw layer.unsupported("3-D pooling needs per-frame images of a window, receives " + f.layout());
        }
        if (p.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw layer.unsupported("only NCDHW 3-D pooling is supported, found " + p.getDataFormat());
        }
        int[] k = p.getKernelSize();
        int[] s = p.getStride();
        int[] pad = p.getPadding();
        int[] d = p.getDilation();
        if (k[0] != 1 || s[0] != 1 || (pad != null && pad[0] != 0) || (d != null && (d[0] != 1 || d[1] != 1 || d[2] != 1))) {
            throw layer.unsupported("only pooling within frames (depth kernel 1, stride 1, no padding or dilation) is supported");
        }
        return MaxPooling.emit(g, layer, p.getPoolingType(), p.getConvolutionMode(), new int[] {k[1], k[2]},
                new int[] {s[1], s[2]}, pad == null ? new int[] {0, 0} : new int[] {pad[1], pad[2]}, f);
    }
}
